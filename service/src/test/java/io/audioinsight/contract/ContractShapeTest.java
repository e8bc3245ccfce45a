package io.audioinsight.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.http.ApiContract;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract's own rules, which make the conformance tests strict: it is a valid OpenAPI 3.1 document (checked
 * by vertx-openapi against the OpenAPI schema); every reply schema is closed and requires what it lists; the flat
 * replies hold exactly their block's fields; and README's field list names the same fields.
 */
class ContractShapeTest {

  /** Request schemas: open on purpose (a client may send fields we ignore). */
  private static final Set<String> REQUEST_SCHEMAS = Set.of("AudioJson", "AudioMultipart");
  private static final List<String> SHARED_REPLY_FIELDS = List.of("duration_s", "sample_rate", "channels", "format",
      "timing");

  private static Vertx vertx;
  private static JsonObject schemas;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    ApiContract contract = ApiContract.load(vertx).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(contract.contract().getVersion().name()).isEqualTo("V3_1");
    schemas = contract.document().getJsonObject("components").getJsonObject("schemas");
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void everyReplySchemaIsClosedAndRequiresEveryFieldItDoesNotMarkOptional() {
    List<String> checked = new ArrayList<>();
    for (String name : schemas.fieldNames()) {
      JsonObject schema = schemas.getJsonObject(name);
      if (REQUEST_SCHEMAS.contains(name) || !schema.containsKey("properties")) {
        continue;
      }
      Set<String> expected = new TreeSet<>(schema.getJsonObject("properties").fieldNames());
      schema.getJsonArray("x-optional", new JsonArray()).forEach(expected::remove);
      assertThat(schema.getValue("additionalProperties")).as(name + " is closed").isEqualTo(false);
      assertThat(new TreeSet<>(schema.getJsonArray("required").getList())).as(name + " requires").isEqualTo(expected);
      checked.add(name);
    }
    assertThat(checked).contains("SnrReply", "SpeakersReply", "AnalyzeReply", "SnrBlock", "SpeakersBlock", "Problem");
  }

  @Test
  void theFlatRepliesHoldExactlyTheirBlocksFieldsPlusTheSharedOnes() {
    assertThat(fields("SnrReply")).isEqualTo(union(fields("SnrBlock"), SHARED_REPLY_FIELDS));
    assertThat(fields("SpeakersReply")).isEqualTo(union(fields("SpeakersBlock"), SHARED_REPLY_FIELDS));
    assertThat(fields("AnalyzeReply")).isEqualTo(union(Set.of("snr", "speakers"), SHARED_REPLY_FIELDS));
  }

  /**
   * README's "Output" paragraph lists the reply fields in backticks; it must name every field of the replies and
   * nothing else, so the README cannot drift from the contract.
   */
  @Test
  void readmesOutputParagraphNamesExactlyTheRepliesFields() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("audioinsight.root", ".."), "README.md"));
    int start = readme.indexOf("**Output**");
    int end = readme.indexOf("\n\n", start);
    assertThat(start).as("README has an **Output** paragraph").isPositive();
    Set<String> named = new TreeSet<>();
    Matcher m = Pattern.compile("`([a-z_]+)`").matcher(readme.substring(start, end));
    while (m.find()) {
      named.add(m.group(1));
    }
    Set<String> replyFields = new TreeSet<>();
    for (String name : List.of("AnalyzeReply", "SnrBlock", "SpeakersBlock", "SourceFormat", "Timing", "Segment",
        "SpeakerSegment", "SnrIntervalDb", "SpeakerTime")) {
      replyFields.addAll(fields(name));
    }
    assertThat(named).isEqualTo(replyFields);
  }

  private static Set<String> fields(String schema) {
    return new TreeSet<>(schemas.getJsonObject(schema).getJsonObject("properties").fieldNames());
  }

  private static Set<String> union(Set<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return new TreeSet<>(all);
  }
}
