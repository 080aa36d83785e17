package dev.shardwise.core.event.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The officially assigned ISO 3166-1 alpha-2 codes (249, as of the 2024 ISO 3166 Maintenance Agency
 * list). Reserved codes ({@code UK}, {@code EU}, {@code XK}, ...) and withdrawn ones ({@code AN},
 * {@code CS}) are not country codes here. The JSON Schema carries the same list as an {@code enum};
 * a test keeps the two equal.
 */
public final class Countries {

  private static final String ASSIGNED =
      "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
          + "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
          + "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
          + "DE DJ DK DM DO DZ "
          + "EC EE EG EH ER ES ET "
          + "FI FJ FK FM FO FR "
          + "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY "
          + "HK HM HN HR HT HU "
          + "ID IE IL IM IN IO IQ IR IS IT "
          + "JE JM JO JP "
          + "KE KG KH KI KM KN KP KR KW KY KZ "
          + "LA LB LC LI LK LR LS LT LU LV LY "
          + "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
          + "NA NC NE NF NG NI NL NO NP NR NU NZ "
          + "OM "
          + "PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
          + "QA "
          + "RE RO RS RU RW "
          + "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
          + "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ "
          + "UA UG UM US UY UZ "
          + "VA VC VE VG VI VN VU "
          + "WF WS "
          + "YE YT "
          + "ZA ZM ZW";

  /** Index {@code (c0 - 'A') * 26 + (c1 - 'A')}: the canonical code string, or null. */
  private static final String[] BY_INDEX = new String[26 * 26];

  private static final List<String> ALL;

  static {
    List<String> all = new ArrayList<>();
    for (String code : ASSIGNED.split(" ")) {
      BY_INDEX[(code.charAt(0) - 'A') * 26 + (code.charAt(1) - 'A')] = code;
      all.add(code);
    }
    ALL = Collections.unmodifiableList(all);
  }

  private Countries() {}

  /** The assigned code made of these two characters (upper case only), or null. */
  public static String lookup(char c0, char c1) {
    if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z') {
      return null;
    }
    return BY_INDEX[(c0 - 'A') * 26 + (c1 - 'A')];
  }

  /** Whether {@code code} is an assigned code (upper case). */
  public static boolean isAssigned(String code) {
    return code.length() == 2 && lookup(code.charAt(0), code.charAt(1)) != null;
  }

  /** Every assigned code, in alphabetical order. */
  public static List<String> all() {
    return ALL;
  }
}
