import PagingCore
import PagingDescriptors
import PagingJSON

/// How to read a physical-memory file given to `translate --memory`.
public enum MemoryImageFormat: String, CaseIterable, Sendable {
  /// Decide by ``MemoryImageFile/looksLikeText(_:)``.
  case auto
  /// A text dump of `page N: bytes` lines.
  case text
  /// Raw bytes: byte *i* is physical address *i*.
  case raw
}

/// Reads physical-memory images from files.
public enum MemoryImageFile {
  /// The largest text dump read (a dump is parsed into memory).
  public static let textLimit = 256 << 20
  /// The most read from a raw image that is not a regular file (a regular
  /// file is mapped, whatever its size, and read only where a walk goes).
  public static let streamedRawLimit = 64 << 20
  /// How much of the start of a file decides text against raw.
  public static let sniffLength = 4096

  /// The rule `auto` follows: a file is a text dump when, after blank space
  /// (and a UTF-8 byte-order mark), it starts with `#` or `page`, or when
  /// its first ``sniffLength`` bytes are all printable ASCII, tabs and line
  /// breaks. Anything else is a raw image.
  ///
  /// Text that is neither a dump nor raw (a file of comments only, a typo in
  /// the first line) is then reported by the dump parser, not walked as raw
  /// bytes.
  public static func looksLikeText(_ prefix: some Collection<UInt8>) -> Bool {
    var bytes = prefix.prefix(sniffLength)[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    let content = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    if content.first == UInt8(ascii: "#") || content.starts(with: Array("page".utf8)) { return true }
    return !bytes.isEmpty && bytes.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
  }

  /// The image in `path`, read as `format` says, for `arch`: pages of its
  /// page size, page numbers within its physical address space.
  ///
  /// - Complexity: O(1) for a raw regular file (it is mapped, not read);
  ///   O(*n*) in the file's length otherwise.
  public static func load(_ path: String, architecture arch: Architecture, format: MemoryImageFormat) throws(InputError)
    -> MemoryImage
  {
    guard arch.pageSize <= 1 << 30 else {
      throw .unreadable(
        path: path,
        reason: "\(arch.name)'s \(formatBytes(arch.pageSize)) pages are too large to read images of (at most 1 GiB)")
    }
    let pageSize = Int(arch.pageSize)
    let pageLimit =
      arch.physicalAddressBits - arch.offsetBits >= 64
      ? UInt64.max : UInt64(1) << (arch.physicalAddressBits - arch.offsetBits)
    let limit = format == .raw ? streamedRawLimit : max(textLimit, streamedRawLimit)
    switch try readFileMappingRegular(path, streamLimit: limit) {
    case .mapped(let mapping, let unmap):
      let raw = MemoryImage.RawBytes(mapping, release: unmap)
      let isText = format == .text || (format == .auto && looksLikeText(raw.buffer))
      guard isText else { return MemoryImage(raw: raw, pageSize: pageSize) }
      guard raw.buffer.count <= textLimit else {
        throw .unreadable(
          path: path,
          reason:
            "is \(formatBytesRoughly(UInt128(raw.buffer.count))) of text; a text dump is read up to \(formatBytes(UInt128(textLimit))) (give --memory-format raw if it is raw bytes)"
        )
      }
      return try parseDump(Array(raw.buffer), path: path, pageSize: pageSize, pageLimit: pageLimit)
    case .streamed(let bytes, let kind):
      guard !bytes.isEmpty else {
        throw .unreadable(path: path, reason: "is empty: a memory image needs at least one byte")
      }
      if format == .text || (format == .auto && looksLikeText(bytes)) {
        return try parseDump(bytes, path: path, pageSize: pageSize, pageLimit: pageLimit)
      }
      guard bytes.count <= streamedRawLimit else {
        throw .unreadable(
          path: path,
          reason:
            "\(kind) that gave more than \(formatBytes(UInt128(streamedRawLimit))) of raw bytes, the most read from one that is not a regular file"
        )
      }
      return MemoryImage(raw: bytes, pageSize: pageSize)
    }
  }

  private static func parseDump(_ bytes: [UInt8], path: String, pageSize: Int, pageLimit: UInt64) throws(InputError)
    -> MemoryImage
  {
    let text = try decodeText(bytes, source: path)
    let image: MemoryImage
    do { image = try MemoryImage.parseDump(text, pageSize: pageSize, pageLimit: pageLimit) } catch {
      throw .located(
        JSONInputError(source: path, line: error.line, column: error.column, path: nil, message: error.message))
    }
    guard image.dumpedPageCount > 0 else {
      throw .unreadable(
        path: path, reason: "a text dump with no \"page N: bytes\" lines (give --memory-format raw if it is raw bytes)")
    }
    return image
  }
}
