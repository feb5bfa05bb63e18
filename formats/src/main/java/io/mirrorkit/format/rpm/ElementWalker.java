package io.mirrorkit.format.rpm;

import io.mirrorkit.MetadataException;
import io.mirrorkit.PackageList;
import io.mirrorkit.Selection;
import io.mirrorkit.format.internal.SafeXml;
import javax.xml.stream.XMLStreamConstants;

/**
 * The walk both repodata readers make over a data file's elements ({@code primary}, {@code
 * prestodelta}): the element depth kept, each start and end handed to the reader, the entries of
 * the selection added. Not thread-safe; one instance per file.
 */
abstract class ElementWalker {
  final SafeXml xml;
  private final Selection selection;
  private final PackageList.Builder out;

  /** The depth of the element the reader is in (the root is 1). */
  int depth;

  ElementWalker(SafeXml xml, Selection selection, PackageList.Builder out) {
    this.xml = xml;
    this.selection = selection;
    this.out = out;
  }

  /** An element starts; {@link #depth} is its depth. */
  abstract void start(String name) throws MetadataException;

  /** An element ended; {@link #depth} is its parent's depth. */
  abstract void ended() throws MetadataException;

  final void run() throws MetadataException {
    while (true) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
        start(xml.reader().getLocalName());
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
        ended();
      } else if (event == XMLStreamConstants.END_DOCUMENT) {
        return;
      }
    }
  }

  /** The text of the element just started; the reader is left past its end. */
  final String text(int max) throws MetadataException {
    String text = xml.text(max);
    depth--;
    return text;
  }

  /** Adds {@code entry} when a package of {@code arch} is selected. */
  final void addIfSelected(String arch, PackageList.Entry entry) throws MetadataException {
    if (!Primary.selected(arch, selection)) {
      return;
    }
    try {
      out.add(entry);
    } catch (IllegalArgumentException e) {
      throw new MetadataException(xml.file(), e.getMessage() + "; fix the repository upstream", e);
    }
  }
}
