package io.audioinsight.browser;

import io.audioinsight.support.TempDirs;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, driven by Debian's chromedriver through Selenium: no downloaded browser (none can be fetched
 * here, and Selenium Manager is never asked because both paths are given). A missing browser fails the tests with
 * the command that installs it, never a silent skip. {@code CHROMIUM} and {@code CHROMEDRIVER} override the paths.
 */
final class HeadlessChromium {

  static final String BROWSER = env("CHROMIUM", "/usr/bin/chromium");
  static final String DRIVER = env("CHROMEDRIVER", "/usr/bin/chromedriver");
  /** Screenshots land here, a build artifact (service/target/browser). */
  static final Path ARTIFACTS = Path.of("target", "browser");

  private HeadlessChromium() {}

  /**
   * A fresh browser with its own profile directory. The fake media flags give getUserMedia a synthetic microphone
   * (a beep) and grant it without a prompt.
   */
  static ChromeDriver start() {
    for (String path : new String[] {BROWSER, DRIVER}) {
      if (!Files.isExecutable(Path.of(path))) {
        throw new IllegalStateException(path + " is missing: the browser tests need Debian's chromium and "
            + "chromium-driver (apt-get install -y chromium chromium-driver; .ci/run installs them)");
      }
    }
    Path profile = TempDirs.create("audio-insight-chromium-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(BROWSER)
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile,
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER))
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(60))
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
    return driver;
  }

  static Path screenshot(ChromeDriver driver, String name) {
    try {
      Files.createDirectories(ARTIFACTS);
      Path file = ARTIFACTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
