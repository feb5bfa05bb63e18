package io.mirrorkit.format.internal;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Streaming reads of XML index files (StAX) that are safe against hostile input: no DTD is read (a
 * document with a {@code <!DOCTYPE>} is refused, so no entity, internal or external, is ever
 * declared or fetched), text is read in bounded pieces, and every failure is a {@link
 * MetadataException} naming the file and the line. One instance reads one file; not thread-safe.
 */
public final class SafeXml implements AutoCloseable {
  private final MirrorPath file;
  private final XMLStreamReader reader;
  private final Unclosed input;

  private SafeXml(MirrorPath file, XMLStreamReader reader, Unclosed input) {
    this.file = file;
    this.reader = reader;
    this.input = input;
  }

  /**
   * Starts reading {@code in} (the decompressed content of {@code file}). The caller closes {@code
   * in}: the parser does not, not even at the document's end, so that the caller can read what
   * follows (to check a whole file's checksum).
   */
  public static SafeXml open(MirrorPath file, InputStream in) throws MetadataException {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    Unclosed input = new Unclosed(in);
    try {
      return new SafeXml(file, factory.createXMLStreamReader(input), input);
    } catch (XMLStreamException e) {
      throw failure(file, e, input);
    }
  }

  /** The underlying reader, for attributes and names of the current event. */
  public XMLStreamReader reader() {
    return reader;
  }

  /**
   * The next event ({@link XMLStreamConstants}); a DTD or an entity reference is refused.
   *
   * @throws MetadataException if the document is not well-formed, has a DTD, or its bytes cannot be
   *     read (truncated, corrupt compression, a size or checksum other than its parent's)
   */
  public int next() throws MetadataException {
    int event;
    try {
      event = reader.next();
    } catch (XMLStreamException e) {
      throw failure(file, e, input);
    } catch (RuntimeException e) {
      // the JDK's parser reports some malformed input unchecked
      if (input.failure != null) {
        throw unreadable(file, input.failure);
      }
      throw new MetadataException(file, "is not well-formed XML (" + e + "); " + ADVICE, e);
    }
    if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
      throw new MetadataException(
          file,
          "has a DTD or an entity reference at line "
              + reader.getLocation().getLineNumber()
              + ", which repository metadata never has: refused (nothing was fetched or"
              + " expanded); the upstream is broken or hostile");
    }
    return event;
  }

  /**
   * The text of the current element, which must hold no elements and at most {@code max}
   * characters; leaves the reader on the element's end.
   */
  public String text(int max) throws MetadataException {
    String name = reader.getLocalName();
    StringBuilder b = new StringBuilder();
    while (true) {
      int event = next();
      switch (event) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (b.length() + reader.getTextLength() > max) {
            throw malformed("<" + name + "> is longer than " + max + " characters");
          }
          b.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
        }
        case XMLStreamConstants.END_ELEMENT -> {
          return b.toString().strip();
        }
        case XMLStreamConstants.START_ELEMENT -> throw malformed("<" + name + "> holds elements");
        default -> {
          // comments and processing instructions
        }
      }
    }
  }

  /** A {@link MetadataException} for {@code what} at the current line. */
  public MetadataException malformed(String what) {
    return new MetadataException(
        file, "is malformed at line " + reader.getLocation().getLineNumber() + ": " + what);
  }

  /** The file being read. */
  public MirrorPath file() {
    return file;
  }

  @Override
  public void close() throws MetadataException {
    try {
      reader.close();
    } catch (XMLStreamException e) {
      throw failure(file, e, input);
    }
  }

  private static final String ADVICE =
      "the upstream is inconsistent (mid-update?), damaged or hostile: sync again later";

  /**
   * The {@link MetadataException} for a parser's failure: the one a {@link CheckedInput} threw, or
   * one that says the file is truncated or not well-formed.
   */
  private static MetadataException failure(MirrorPath file, XMLStreamException e, Unclosed input) {
    // the parser may report a stream that failed (a truncated gzip) as a premature end
    Throwable cause = input.failure;
    if (cause == null) {
      cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
    }
    if (cause instanceof MetadataException m) {
      return m;
    }
    if (cause instanceof IOException io) {
      return unreadable(file, io);
    }
    Location at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNumber();
    String message = e.getMessage() == null ? "" : e.getMessage();
    int cut = message.indexOf("Message: ");
    message = cut >= 0 ? message.substring(cut + "Message: ".length()) : message;
    return new MetadataException(
        file, "is not well-formed XML" + where + " (" + message.strip() + "); " + ADVICE, e);
  }

  /**
   * The {@link MetadataException} for an index whose bytes cannot be read: truncated, corrupt
   * compression, or (a {@link MetadataException} itself) not the file its parent index names.
   */
  public static MetadataException unreadable(MirrorPath file, IOException e) {
    if (e instanceof MetadataException m) {
      return m;
    }
    return new MetadataException(
        file, "cannot be read, it is truncated or corrupt (" + e + "); " + ADVICE, e);
  }

  /**
   * The parser's view of a stream: not closed by the parser (the JDK's parser closes its input at
   * the document's end), and the stream's first failure kept.
   */
  private static final class Unclosed extends FilterInputStream {
    private @Nullable IOException failure;

    Unclosed(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
        throw e;
      }
    }

    @Override
    public void close() {
      // the stream's owner closes it
    }
  }
}
