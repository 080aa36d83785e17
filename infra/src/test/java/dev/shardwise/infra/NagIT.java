package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

class NagIT {
  @Test
  void awsSolutionsPack_reportsNoUnsuppressedErrors() {
    Synthesized s = Synthesized.get();
    System.err.println("synth took " + s.synthMillis + " ms");
    List<SynthesisMessage> errors =
        s.annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    List<SynthesisMessage> warnings =
        s.annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    errors.forEach(e -> System.err.println("ERROR " + e.getId() + " " + e.getEntry().getData()));
    warnings.forEach(e -> System.err.println("WARN " + e.getId() + " " + e.getEntry().getData()));
    assertThat(errors).isEmpty();
  }
}
