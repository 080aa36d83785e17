package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Writes S3's XML documents and reads the few request bodies S3 takes as XML. */
public final class Xml {
  public static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final StringBuilder sb =
      new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  private final List<String> open = new ArrayList<>();

  /** A document whose root element carries S3's namespace (every success body does). */
  public static Xml document(String root) {
    Xml x = new Xml();
    x.sb.append('<').append(root).append(" xmlns=\"").append(NAMESPACE).append("\">");
    x.open.add(root);
    return x;
  }

  /** A document whose root has no namespace ({@code <Error>} bodies have none). */
  public static Xml plainDocument(String root) {
    Xml x = new Xml();
    return x.start(root);
  }

  public Xml start(String name) {
    sb.append('<').append(name).append('>');
    open.add(name);
    return this;
  }

  public Xml end() {
    String name = open.remove(open.size() - 1);
    sb.append("</").append(name).append('>');
    return this;
  }

  /** {@code <name>value</name>}; nothing when value is null. */
  public Xml element(String name, Object value) {
    if (value != null) {
      sb.append('<').append(name).append('>');
      escape(String.valueOf(value));
      sb.append("</").append(name).append('>');
    }
    return this;
  }

  /** Escaped text inside the element opened last. */
  public Xml text(String value) {
    escape(value);
    return this;
  }

  public byte[] toBytes() {
    while (!open.isEmpty()) {
      end();
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> {
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
            // XML 1.0 cannot carry these; S3 sends them as character references (clients that
            // need them intact ask for encoding-type=url)
            sb.append("&#").append((int) c).append(';');
          } else {
            sb.append(c);
          }
        }
      }
    }
  }

  /** {@code 2009-10-12T17:50:30.000Z}, as in S3 listings. */
  public static String isoTime(Instant t) {
    return ISO.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** {@code Mon, 12 Oct 2009 17:50:30 GMT}, as in {@code Last-Modified}. */
  public static String httpDate(Instant t) {
    return HTTP_DATE.format(t);
  }

  /** Parses an HTTP date (RFC 1123), or null when it is not one. */
  public static Instant parseHttpDate(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(s.trim()));
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---- reading ---------------------------------------------------------------------------------

  /**
   * Parses a request body; anything not well-formed (or with a DTD) is 400 {@code MalformedXML}.
   */
  public static Element parse(byte[] body) throws S3Exception {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(true);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(body)).getDocumentElement();
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw malformed();
    }
  }

  /** The child elements of {@code parent} with this local name. */
  public static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(localName(e))) {
        out.add(e);
      }
    }
    return out;
  }

  /** The text of the single child with this name, or null when absent. */
  public static String childText(Element parent, String name) throws S3Exception {
    List<Element> c = children(parent, name);
    if (c.size() > 1) {
      throw malformed();
    }
    return c.isEmpty() ? null : c.get(0).getTextContent();
  }

  public static String localName(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }

  public static S3Exception malformed() {
    return new S3Exception(
        "MalformedXML",
        400,
        "The XML you provided was not well-formed or did not validate against our published"
            + " schema");
  }
}
