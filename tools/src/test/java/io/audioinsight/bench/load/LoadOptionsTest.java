package io.audioinsight.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void defaultsToGetWithEightConnectionsAndTheUrlPathAsLabel() {
        LoadOptions o = LoadOptions.parse("--url", "http://localhost:8080/health/live?x=1", "--rate", "200");
        assertThat(o.method()).isEqualTo(HttpMethod.GET);
        assertThat(o.connections()).isEqualTo(8);
        assertThat(o.durationS()).isEqualTo(10.0);
        assertThat(o.label()).isEqualTo("/health/live?x=1");
        assertThat(o.measuredRequests()).isEqualTo(2000);
        assertThat(o.warmupRequests()).isZero();
        assertThat(o.contentType()).isNull();
    }

    @Test
    void aBodyMakesItAPostWithAnOctetStreamTypeUnlessTold() {
        LoadOptions o = LoadOptions.parse("--url", "http://h/v1/analyze", "--rate", "5", "--body", "clip.wav",
                "--duration", "2.5", "--warmup", "1");
        assertThat(o.method()).isEqualTo(HttpMethod.POST);
        assertThat(o.bodyFile()).isEqualTo(Path.of("clip.wav"));
        assertThat(o.contentType()).isEqualTo("application/octet-stream");
        assertThat(o.measuredRequests()).isEqualTo(13); // round(12.5)
        assertThat(o.warmupRequests()).isEqualTo(5);
    }

    @Test
    void missingRateIsRejectedByName() {
        assertThatThrownBy(() -> LoadOptions.parse("--url", "http://h/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rate is required");
    }

    @Test
    void badValuesAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> LoadOptions.parse("--url", "http://h/", "--rate", "0"))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> LoadOptions.parse("--url", "http://h/", "--rate", "ten"))
                .hasMessageContaining("--rate must be a number");
        assertThatThrownBy(() -> LoadOptions.parse("--url", "ftp://h/", "--rate", "1"))
                .hasMessageContaining("--url");
        assertThatThrownBy(() -> LoadOptions.parse("--url", "http://h/", "--rate", "1", "--connections", "0"))
                .hasMessageContaining("--connections");
        assertThatThrownBy(() -> LoadOptions.parse("--url", "http://h/", "--rate", "1", "--bogus", "1"))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> LoadOptions.parse("--url", "http://h/", "--rate"))
                .hasMessageContaining("missing value after --rate");
    }
}
