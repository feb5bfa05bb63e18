package io.mirrorkit.internal.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The state file round-trips, and what earlier versions (Jackson's object mapper) wrote reads. */
class MirrorStateTest {
  private static final Instant GOOD = Instant.parse("2026-12-03T10:00:00.123Z");

  @Test
  void roundTripsWithAndWithoutAMarker() throws IOException {
    MirrorState s = new MirrorState("rsync://h/m", GOOD, GOOD.plusSeconds(60), "abc", "d1");
    assertEquals(s, MirrorState.parse(s.toJson()));
    MirrorState none = new MirrorState("http://h/\"q\"é", GOOD, GOOD, null, "d2");
    assertEquals(none, MirrorState.parse(none.toJson()));
    assertEquals(
        "{\n"
            + "  \"upstream\" : \"rsync://h/m\",\n"
            + "  \"lastGoodSync\" : \"2026-12-03T10:00:00.123Z\",\n"
            + "  \"lastCheck\" : \"2026-12-03T10:01:00.123Z\",\n"
            + "  \"marker\" : \"abc\",\n"
            + "  \"listingDigest\" : \"d1\"\n"
            + "}",
        new String(s.toJson(), UTF_8));
  }

  @Test
  void readsOlderAndLaterFilesAndRefusesBrokenOnes() {
    String older =
        "{\"upstream\":\"rsync://h/m\",\"lastGoodSync\":\"2026-12-03T10:00:00.123Z\","
            + "\"marker\":null,\"listingDigest\":\"d1\"}";
    assertEquals(
        new MirrorState("rsync://h/m", GOOD, GOOD, null, "d1"),
        MirrorState.parse(older.getBytes(UTF_8)));
    String later = older.replace("}", ",\"extra\":{\"a\":[1,2]},\"n\":3}");
    assertEquals(
        new MirrorState("rsync://h/m", GOOD, GOOD, null, "d1"),
        MirrorState.parse(later.getBytes(UTF_8)));
    assertNull(MirrorState.parse("{\"upstream\":\"x\"}".getBytes(UTF_8)));
    assertNull(MirrorState.parse("[1]".getBytes(UTF_8)));
    assertNull(MirrorState.parse("{\"upstream\":".getBytes(UTF_8)));
    // the state is written without fsync: what a crash can leave of it reads as no state
    assertNull(MirrorState.parse(new byte[0]));
    assertNull(MirrorState.parse(java.util.Arrays.copyOf(older.getBytes(UTF_8), 40)));
    assertNull(MirrorState.parse(older.replace("10:00", "xx").getBytes(UTF_8)));
  }
}
