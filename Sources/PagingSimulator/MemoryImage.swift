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
  public let pageSize: Int
  private var pages: [UInt64: [UInt8]] = [:]
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

  public init(raw bytes: [UInt8], pageSize: Int) {
    self.init(raw: RawBytes(copying: bytes), pageSize: pageSize)
  }

  public init(raw bytes: RawBytes, pageSize: Int) {
    self.pageSize = pageSize
    self.raw = bytes
  }

  public init(pageSize: Int) { self.pageSize = pageSize }

  public mutating func setPage(_ number: UInt64, bytes: [UInt8]) { pages[number] = bytes }

  /// How many pages a text dump gives (zero for a raw image).
  public var dumpedPageCount: Int { pages.count }

  /// The bytes of a raw image, or nil for a text dump.
  public var rawByteCount: Int? { raw?.buffer.count }

  /// The byte at `address`, or nil where the image says nothing.
  public func byte(at address: UInt64) -> UInt8? {
    if let raw { return address < UInt64(raw.buffer.count) ? raw.buffer[Int(address)] : nil }
    let (page, offset) = address.quotientAndRemainder(dividingBy: UInt64(pageSize))
    guard let bytes = pages[page] else { return nil }
    return Int(offset) < bytes.count ? bytes[Int(offset)] : 0
  }

  /// A little-endian value of `size` bytes at `address`, or nil if any byte is unknown.
  public func littleEndian(at address: UInt64, size: Int) -> UInt64? {
    var value: UInt64 = 0
    for index in 0..<size {
      let (byteAddress, overflow) = address.addingReportingOverflow(UInt64(index))
      guard !overflow, let byte = byte(at: byteAddress) else { return nil }
      value |= UInt64(byte) << UInt64(8 * index)
    }
    return value
  }

  /// A problem in a text dump: 1-based line and column and what is wrong.
  public struct DumpError: Error, Sendable {
    public let line: Int
    public let column: Int
    public let message: String
  }

  /// Parses the text dump format. Blank lines and lines starting with `#` are
  /// skipped. Every page gives exactly `pageSize` bytes, and its number is
  /// below `pageLimit` (the physical pages the architecture has), so a dump
  /// made for another machine is reported, not walked.
  public static func parseDump(_ text: String, pageSize: Int, pageLimit: UInt64 = .max) throws(DumpError) -> MemoryImage {
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
        throw DumpError(line: lineNumber, column: indent + 5, message: "expected a page number, got \(quotedForMessage(numberText))")
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
          throw DumpError(line: lineNumber, column: column, message: "expected a hex digit, got \(quotedForMessage(String(character)))")
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
        throw DumpError(line: lineNumber, column: indent + 1,
                        message: "page \(number) gives \(counted(bytes.count, "byte")), not the \(pageSize) of a page")
      }
      guard number < UInt128(pageLimit) else {
        throw DumpError(line: lineNumber, column: indent + 5,
                        message: "page \(number) is beyond physical memory (pages 0 to \(pageLimit - 1))")
      }
      guard image.pages[UInt64(number)] == nil else {
        throw DumpError(line: lineNumber, column: indent + 5, message: "page \(number) is given twice")
      }
      image.setPage(UInt64(number), bytes: bytes)
    }
    return image
  }
}

/// One entry read during a walk.
public struct WalkStep: Sendable, Equatable {
  public let level: Int
  public let levelName: String
  public let index: UInt64
  public let entryAddress: UInt64
  public let entry: UInt64
}

/// The outcome of walking a virtual address through a stored page table.
public struct Walk: Sendable {
  public let steps: [WalkStep]
  public let physicalAddress: UInt64?
  public let permissions: Permissions?
  /// The byte at the physical address, if the image has it.
  public let value: UInt8?
  /// The name of the level whose entry was not present (or unreadable).
  public let faultLevel: String?
  public let faultReason: String?
}

extension MemoryImage {
  /// Walks `pointer` from the root table at `rootAddress`, reading entries
  /// from the image and decoding them in `arch`'s format.
  ///
  /// - Complexity: O(levels).
  public func walk(_ pointer: UInt128, architecture arch: Architecture, rootAddress: UInt64) throws(SimulationError) -> Walk {
    let codec = try EntryCodec(arch)
    guard arch.isCanonical(pointer) else {
      return Walk(steps: [], physicalAddress: nil, permissions: nil, value: nil, faultLevel: nil,
                  faultReason: "\(formatHex(pointer)) is not canonical: \(arch.canonicalRule)")
    }
    let translation = arch.translation(of: pointer)
    var table = rootAddress
    var steps: [WalkStep] = []
    var allowed: Permissions = [.writable, .user, .executable]
    func fault(_ level: Int?, _ reason: String) -> Walk {
      Walk(steps: steps, physicalAddress: nil, permissions: nil, value: nil,
           faultLevel: level.map { arch.levels[$0].name }, faultReason: reason)
    }
    let physicalLimit = UInt128(1) << arch.physicalAddressBits
    for level in arch.levels.indices {
      let name = arch.levels[level].name
      let index = UInt64(translation.indexes[level])
      // Entry addresses are computed in 128 bits: a root near the top of
      // the 64-bit space must fault, not wrap.
      let entryAddress = UInt128(table) + UInt128(index) * UInt128(arch.entrySize)
      guard entryAddress + UInt128(arch.entrySize) <= UInt128(UInt64.max) + 1,
            let raw = littleEndian(at: UInt64(entryAddress), size: arch.entrySize) else {
        return fault(level, "the image has no bytes at \(formatHex(entryAddress))")
      }
      steps.append(WalkStep(level: level, levelName: name, index: index, entryAddress: UInt64(entryAddress), entry: raw))
      switch codec.decode(PageTableEntry(rawValue: raw), level: level) {
      case .notPresent:
        return fault(level, "the \(name) entry is not present")
      case .table(let frame, let granted):
        allowed.formIntersection(granted)
        let next = UInt128(frame) << arch.offsetBits
        guard next < physicalLimit else {
          return fault(level, "the \(name) entry points past the \(arch.physicalAddressBits)-bit physical address space")
        }
        table = UInt64(next)
      case .leaf(let frame, let granted):
        // A leaf where the level maps no large pages is a reserved encoding
        // (x86's PS bit in a PML4E); hardware faults, and so do we.
        guard arch.levels[level].mapsLeaves || level == arch.bottomLevel else {
          return fault(level, "reserved encoding: the \(name) entry is marked as a leaf, but \(name) entries map no pages")
        }
        // A large page's frame is aligned to the page: the frame bits below
        // its size are not part of the address.
        let span = arch.entrySpanBits(atLevel: level)
        let spanMask = (UInt128(1) << span) - 1
        let base = (UInt128(frame) << arch.offsetBits) & ~spanMask
        let physical = base | (arch.translatedBits(of: pointer) & spanMask)
        guard physical < physicalLimit else {
          return fault(level, "the \(name) entry maps past the \(arch.physicalAddressBits)-bit physical address space")
        }
        return Walk(steps: steps, physicalAddress: UInt64(physical), permissions: granted.intersection(allowed),
                    value: byte(at: UInt64(physical)), faultLevel: nil, faultReason: nil)
      }
    }
    return fault(arch.bottomLevel, "no leaf found")
  }
}

extension Machine {
  /// Every page-table page as a text dump (`page N: bytes`), for
  /// `paging translate --memory`.
  public func pageTableDump() -> String {
    var lines = ["# \(architecture.name) page-table pages; data pages are not stored"]
    let (data, table) = memory.handedOutFrames
    for frame in [data, table].joined() where memory.isPageTable(frame) {
      let hex = memory.bytes(ofTable: frame).map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
      }
      lines.append("page \(frame): " + hex.joined(separator: " "))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
