package io.audioinsight.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.audio.speakers.TwoVoiceClip;
import io.audioinsight.support.TempDirs;
import io.audioinsight.support.TestServices;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * /docs and the playground in a real browser (headless Chromium): the docs render every operation of the contract;
 * the playground, given a two-voice file, draws two speaker lanes and the speech segments; a microphone recording
 * (Chromium's fake device) is analysed too. Screenshots go to service/target/browser.
 */
class PagesInBrowserTest {

  /** Generous: the machine is shared and Chromium starts slowly; a wait ends as soon as its condition holds. */
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static Service service;
  private static ChromeDriver browser;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of()), Engines.dsp());
    base = "http://localhost:" + service.config().http().port();
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    TestServices.stop(service);
  }

  @Test
  void theDocsPageRendersEveryOperationOfTheContractFromTheClassPath() {
    browser.get(base + "/docs");
    // 17 operations: 3 analysis, 3 jobs, 3 operations, 5 self-description, 3 demo.
    List<WebElement> operations = new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock"), 16));
    HeadlessChromium.screenshot(browser, "docs");
    List<String> paths = operations.stream()
        .map(op -> op.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path")).toList();
    assertThat(paths).contains("/v1/snr-detect", "/v1/speaker-count", "/v1/analyze", "/v1/jobs", "/v1/jobs/{id}",
        "/health/live",
        "/health/ready", "/metrics", "/openapi.json", "/docs", "/");
  }

  @Test
  void thePlaygroundShowsTwoSpeakerLanesAndTheSpeechSegmentsOfATwoVoiceFile() throws Exception {
    Path clip = TempDirs.create("two-voices-").resolve("two-voices.wav");
    Files.write(clip, TwoVoiceClip.wav());
    browser.get(base + "/");
    browser.findElement(By.id("file")).sendKeys(clip.toAbsolutePath().toString());
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("timeline")));
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#lanes .lane"), 1));
    HeadlessChromium.screenshot(browser, "playground");

    List<WebElement> lanes = browser.findElements(By.cssSelector("#lanes .lane"));
    assertThat(lanes).hasSize(2);
    for (WebElement lane : lanes) {
      assertThat(lane.findElements(By.cssSelector(".turn"))).as("turns in lane " + lane.getAttribute("data-speaker"))
          .isNotEmpty();
    }
    assertThat(browser.findElements(By.cssSelector("#speech-shading .speech"))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(browser.findElement(By.id("speaker-count")).getText()).isEqualTo("2");
    assertThat(browser.findElement(By.id("snr")).getText()).endsWith("dB");
    assertThat(browser.findElement(By.id("json")).getText()).contains("\"speaker_count\": 2");
  }

  @Test
  void aMicrophoneRecordingIsSentAsWebmAndAnalysed() {
    browser.get(base + "/?microphone"); // a URL of its own: a fresh page whatever test ran before
    WebElement record = browser.findElement(By.id("record"));
    record.click();
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    // Record about two seconds of the fake microphone, then stop.
    wait.until(d -> Double.parseDouble(record.getAttribute("data-seconds") == null ? "0"
        : record.getAttribute("data-seconds")) >= 2.0);
    record.click();
    WebElement status = browser.findElement(By.id("status"));
    wait.until(d -> status.getText().startsWith("recording: analysed") || status.getAttribute("class").contains("error"));
    HeadlessChromium.screenshot(browser, "microphone");
    assertThat(status.getAttribute("class")).as(status.getText()).doesNotContain("error");
    assertThat(browser.findElement(By.id("format")).getText()).startsWith("webm / opus");
    assertThat(browser.findElement(By.id("json")).getText()).contains("\"container\": \"webm\"");
  }

  @Test
  void thePlaygroundPageWeighsLessThan300KilobytesAndLoadsNothingFromAnotherOrigin() throws Exception {
    long bytes = 0;
    StringBuilder text = new StringBuilder();
    for (String file : List.of("index.html", "playground.js", "playground.css")) {
      try (InputStream in = getClass().getClassLoader().getResourceAsStream("pages/playground/" + file)) {
        byte[] content = in.readAllBytes();
        bytes += content.length;
        text.append(new String(content, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    assertThat(bytes).isLessThan(300 * 1024);
    assertThat(text.toString()).doesNotContain("http://", "https://", "//cdn");
  }
}
