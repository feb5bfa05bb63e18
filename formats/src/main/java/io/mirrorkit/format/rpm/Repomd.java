package io.mirrorkit.format.rpm;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PackageList;
import io.mirrorkit.format.internal.SafeXml;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import org.jspecify.annotations.Nullable;

/**
 * What {@code repodata/repomd.xml} names: a {@code <data type="...">} each, with the file's
 * location, size and checksum ({@code open-checksum} and {@code open-size}, which describe the
 * uncompressed content, are not needed to check the file and are ignored).
 *
 * @param data the data files, in the order repomd.xml names them
 */
record Repomd(List<Repomd.Data> data) {
  /** The root index of an RPM repository. */
  static final MirrorPath PATH = MirrorPath.of("repodata/repomd.xml");

  Repomd {
    data = List.copyOf(data);
  }

  /**
   * One data file.
   *
   * @param type its type ({@code primary}, {@code filelists}, {@code primary_db}, {@code group},
   *     {@code updateinfo}, …)
   * @param entry its path (the location's href), size and checksum
   */
  record Data(String type, PackageList.Entry entry) {}

  /** The first data file of {@code type}, or null. */
  @Nullable Data find(String type) {
    return data.stream().filter(d -> d.type().equals(type)).findFirst().orElse(null);
  }

  /** Parses repomd.xml's bytes. */
  static Repomd parse(byte[] bytes) throws MetadataException {
    List<Data> data = new ArrayList<>();
    try (SafeXml xml = SafeXml.open(PATH, new ByteArrayInputStream(bytes))) {
      int depth = 0;
      String type = null;
      Located located = new Located();
      while (true) {
        int event = xml.next();
        if (event == XMLStreamConstants.END_DOCUMENT) {
          break;
        }
        if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
          if (depth == 1 && type != null) {
            data.add(new Data(type, located.entry(xml, "data file")));
            type = null;
          }
          continue;
        }
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        depth++;
        String name = xml.reader().getLocalName();
        if (depth == 1 && !name.equals("repomd")) {
          throw xml.malformed("the root element is <" + name + ">, not <repomd>");
        } else if (depth == 2 && name.equals("data")) {
          type = xml.reader().getAttributeValue(null, "type");
          if (type == null || type.isBlank()) {
            throw xml.malformed("<data> without a type");
          }
          located.clear();
        } else if (depth == 3 && type != null && child(xml, located, name)) {
          depth--; // read to its end
        }
      }
    }
    return new Repomd(data);
  }

  /**
   * Reads one child of {@code <data>}; returns whether it read the element to its end (else the end
   * is the caller's next event).
   */
  private static boolean child(SafeXml xml, Located located, String name) throws MetadataException {
    switch (name) {
      case "checksum" -> located.checksum(xml);
      case "size" -> located.size(xml, xml.text(Located.MAX_TEXT));
      case "location" -> {
        located.location(xml);
        return false;
      }
      default -> {
        return false;
      }
    }
    return true;
  }
}
