package io.mirrorkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.MirrorPath;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleListenerTest {
  @Test
  void barIsRedrawnAtMostTenTimesASecond() {
    StringWriter text = new StringWriter();
    AtomicLong now = new AtomicLong();
    ConsoleListener listener =
        new ConsoleListener(new PrintWriter(text), true, false, true, now::get);
    MirrorPath path = MirrorPath.of("a.bin");

    listener.fileStarted(path, 1000);
    for (int i = 0; i < 100; i++) {
      now.addAndGet(10_000_000L); // 10 ms
      listener.bytesWritten(path, 10);
    }
    listener.close();

    long draws = text.toString().chars().filter(c -> c == '\r').count();
    assertThat(draws).isBetween(10L, 12L);
    assertThat(text.toString()).endsWith(System.lineSeparator());
  }

  @Test
  void warningsAppearAboveTheBar() {
    StringWriter text = new StringWriter();
    ConsoleListener listener =
        new ConsoleListener(new PrintWriter(text), true, false, true, System::nanoTime);

    listener.fileStarted(MirrorPath.of("a.bin"), 1000);
    listener.warning("a file vanished");
    listener.close();

    String[] lines = text.toString().split(System.lineSeparator());
    assertThat(lines[0]).endsWith("\rwarning: a file vanished");
    assertThat(lines[1]).startsWith("\r[");
  }

  @Test
  void eventsFromManyThreadsAreAllCounted() throws InterruptedException {
    StringWriter text = new StringWriter();
    ConsoleListener listener =
        new ConsoleListener(new PrintWriter(text), true, true, true, System::nanoTime);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 100; i++) {
                  MirrorPath path = MirrorPath.of("t" + thread + "/f" + i);
                  listener.fileStarted(path, 1);
                  listener.bytesWritten(path, 1);
                  listener.fileFinished(path, 1);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    listener.close();

    assertThat(text.toString().lines().filter(l -> l.startsWith("fetched "))).hasSize(800);
    assertThat(text.toString()).contains("800/0 files");
  }
}
