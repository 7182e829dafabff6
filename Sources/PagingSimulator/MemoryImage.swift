import PagingCore

/// Physical memory read from a file: a raw image (byte *i* at physical
/// address *i*) or a text dump with one line per page,
///
///     page 17: 0a 1f 7f 00 ...
///     page 0x12:0a1f7f00...
///
/// Bytes not given are unknown, not zero. A raw image is read where it lies
/// (a file mapped into memory by its reader), so a walk through a large
/// image costs what the walk touches.
public struct MemoryImage: Sendable {
  /// The page size of the architecture the image is read for.
  public let pageSize: Int
  var pages: [UInt64: [UInt8]] = [:]
  private var raw: RawBytes?

  /// Bytes of a raw image, given back through `release` when the last
  /// image using them goes.
  public final class RawBytes: @unchecked Sendable {
    /// The bytes, valid while this object lives. Read-only after init, so
    /// sharing across threads is safe.
    public let buffer: UnsafeRawBufferPointer
    private let release: @Sendable (UnsafeRawBufferPointer) -> Void

    /// Takes ownership of `buffer`; `release` frees it.
    public init(_ buffer: UnsafeRawBufferPointer, release: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
      self.buffer = buffer
      self.release = release
    }

    /// A copy of `bytes`.
    public convenience init(copying bytes: [UInt8]) {
      let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 8)
      storage.copyBytes(from: bytes)
      self.init(UnsafeRawBufferPointer(storage)) { UnsafeMutableRawBufferPointer(mutating: $0).deallocate() }
    }

    deinit { release(buffer) }
  }

  /// An image holding a copy of `bytes` (byte *i* at physical address *i*).
  public init(raw bytes: [UInt8], pageSize: Int) {
    self.init(raw: RawBytes(copying: bytes), pageSize: pageSize)
  }

  /// An image over `bytes`, which it keeps alive.
  public init(raw bytes: RawBytes, pageSize: Int) {
    self.pageSize = pageSize
    self.raw = bytes
  }

  /// An empty text-dump image; add pages with ``setPage(_:bytes:)``.
  public init(pageSize: Int) { self.pageSize = pageSize }

  /// Sets page `frame` to `bytes` (a page of a text dump).
  public mutating func setPage(_ frame: FrameNumber, bytes: [UInt8]) { pages[frame.rawValue] = bytes }

  /// How many pages a text dump gives (zero for a raw image).
  public var dumpedPageCount: Int { pages.count }

  /// The bytes of a raw image, or nil for a text dump.
  public var rawByteCount: Int? { raw?.buffer.count }

  /// The byte at `address`, or nil where the image says nothing.
  public func byte(at address: PhysicalAddress) -> UInt8? {
    let address = address.rawValue
    if let raw { return address < UInt64(raw.buffer.count) ? raw.buffer[Int(address)] : nil }
    let (page, offset) = address.quotientAndRemainder(dividingBy: UInt64(pageSize))
    guard let bytes = pages[page] else { return nil }
    return Int(offset) < bytes.count ? bytes[Int(offset)] : 0
  }

  /// Copies the bytes from `start` on into `buffer`, up to `count` of them
  /// or the first the image says nothing of, whichever comes first: how
  /// many were copied. A walk reads a whole table this way, not a byte at a
  /// time.
  ///
  /// - Complexity: O(bytes copied).
  func copyKnownBytes(from start: PhysicalAddress, count: Int, into buffer: UnsafeMutableRawPointer) -> Int {
    let address = start.rawValue
    if let raw {
      guard address < UInt64(raw.buffer.count) else { return 0 }
      let known = min(count, raw.buffer.count - Int(address))
      if let base = raw.buffer.baseAddress { buffer.copyMemory(from: base + Int(address), byteCount: known) }
      return known
    }
    var copied = 0
    while copied < count {
      // Stop at the end of a 64-bit space rather than wrap to address 0.
      guard let at = start.adding(UInt64(copied)) else { break }
      let (page, offset) = at.rawValue.quotientAndRemainder(dividingBy: UInt64(pageSize))
      guard let bytes = pages[page] else { break }
      let length = min(count - copied, pageSize - Int(offset))
      // A page given short reads as zeros past its end, as `byte(at:)` has it.
      let given = max(0, min(length, bytes.count - Int(offset)))
      bytes.withUnsafeBytes { source in
        if given > 0, let base = source.baseAddress {
          (buffer + copied).copyMemory(from: base + Int(offset), byteCount: given)
        }
      }
      (buffer + copied + given).initializeMemory(as: UInt8.self, repeating: 0, count: length - given)
      copied += length
    }
    return copied
  }

  /// A little-endian value of `size` bytes at `address`, or nil if any byte is unknown.
  public func littleEndian(at address: PhysicalAddress, size: Int) -> UInt64? {
    var value: UInt64 = 0
    for index in 0..<size {
      guard let byteAddress = address.adding(UInt64(index)), let byte = byte(at: byteAddress) else { return nil }
      value |= UInt64(byte) << UInt64(8 * index)
    }
    return value
  }

  /// A problem in a text dump: 1-based line and column and what is wrong.
  public struct DumpError: Error, Sendable {
    /// The 1-based line.
    public let line: Int
    /// The 1-based column, in characters.
    public let column: Int
    /// What is wrong.
    public let message: String
  }

  /// Parses the text dump format. Blank lines and lines starting with `#` are
  /// skipped. Every page gives exactly `pageSize` bytes, and its number is
  /// below `pageLimit` (the physical pages the architecture has), so a dump
  /// made for another machine is reported, not walked.
  public static func parseDump(_ text: String, pageSize: Int, pageLimit: UInt64 = .max) throws(DumpError) -> MemoryImage
  {
    var image = MemoryImage(pageSize: pageSize)
    // Split on every line break: "\r\n" is one Character to Swift, so a
    // split on "\n" alone would see a CRLF dump as a single line.
    for (lineIndex, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let lineNumber = lineIndex + 1
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let indent = line.count - trimmed.count
      guard trimmed.hasPrefix("page"), let colon = trimmed.firstIndex(of: ":") else {
        throw DumpError(line: lineNumber, column: indent + 1, message: "expected \"page N: bytes\"")
      }
      let numberText = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)..<colon].trimmingPrefix(" ")
      guard let number = try? Quantity.parse(String(numberText)), number <= UInt128(UInt64.max) else {
        throw DumpError(
          line: lineNumber, column: indent + 5, message: "expected a page number, got \(quotedForMessage(numberText))")
      }
      var bytes: [UInt8] = []
      var column = indent + trimmed.distance(from: trimmed.startIndex, to: colon) + 2
      var pending: UInt8? = nil
      for character in trimmed[trimmed.index(after: colon)...] {
        defer { column += 1 }
        if character == " " || character == "\t" || character == "\r" {
          guard pending == nil else {
            throw DumpError(line: lineNumber, column: column, message: "a byte needs two hex digits")
          }
          continue
        }
        guard let digit = character.hexDigitValue else {
          throw DumpError(
            line: lineNumber, column: column,
            message: "expected a hex digit, got \(quotedForMessage(String(character)))")
        }
        if let high = pending {
          bytes.append(high << 4 | UInt8(digit))
          pending = nil
        } else {
          pending = UInt8(digit)
        }
      }
      if pending != nil { throw DumpError(line: lineNumber, column: column, message: "a byte needs two hex digits") }
      guard bytes.count == pageSize else {
        throw DumpError(
          line: lineNumber, column: indent + 1,
          message: "page \(number) gives \(counted(bytes.count, "byte")), not the \(pageSize) of a page")
      }
      guard number < UInt128(pageLimit) else {
        throw DumpError(
          line: lineNumber, column: indent + 5,
          message: "page \(number) is beyond physical memory (pages 0 to \(pageLimit - 1))")
      }
      guard image.pages[UInt64(number)] == nil else {
        throw DumpError(line: lineNumber, column: indent + 5, message: "page \(number) is given twice")
      }
      image.setPage(FrameNumber(UInt64(number)), bytes: bytes)
    }
    return image
  }
}
