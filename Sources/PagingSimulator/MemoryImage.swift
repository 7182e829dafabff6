import PagingCore

/// Physical memory read from a file: a raw image (byte *i* at physical
/// address *i*) or a text dump with one line per page,
///
///     page 17: 0a 1f 7f 00 ...
///     page 0x12:0a1f7f00...
///
/// Bytes not given are unknown, not zero.
public struct MemoryImage: Sendable {
  public let pageSize: Int
  private var pages: [UInt64: [UInt8]] = [:]
  private var raw: [UInt8]?

  public init(raw bytes: [UInt8], pageSize: Int) {
    self.pageSize = pageSize
    self.raw = bytes
  }

  public init(pageSize: Int) { self.pageSize = pageSize }

  public mutating func setPage(_ number: UInt64, bytes: [UInt8]) { pages[number] = bytes }

  /// The byte at `address`, or nil where the image says nothing.
  public func byte(at address: UInt64) -> UInt8? {
    if let raw { return address < UInt64(raw.count) ? raw[Int(address)] : nil }
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

  /// Parses the text dump format. Blank lines and lines starting with `#` are skipped.
  public static func parseDump(_ text: String, pageSize: Int) throws(DumpError) -> MemoryImage {
    var image = MemoryImage(pageSize: pageSize)
    for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let lineNumber = lineIndex + 1
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let indent = line.count - trimmed.count
      guard trimmed.hasPrefix("page"), let colon = trimmed.firstIndex(of: ":") else {
        throw DumpError(line: lineNumber, column: indent + 1, message: "expected \"page N: bytes\"")
      }
      let numberText = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)..<colon].trimmingPrefix(" ")
      guard let number = try? Quantity.parse(String(numberText)), number <= UInt128(UInt64.max) else {
        throw DumpError(line: lineNumber, column: indent + 5, message: "expected a page number, got \"\(numberText)\"")
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
          throw DumpError(line: lineNumber, column: column, message: "expected a hex digit, got \"\(character)\"")
        }
        if let high = pending {
          bytes.append(high << 4 | UInt8(digit))
          pending = nil
        } else {
          pending = UInt8(digit)
        }
      }
      if pending != nil { throw DumpError(line: lineNumber, column: column, message: "a byte needs two hex digits") }
      guard bytes.count <= pageSize else {
        throw DumpError(line: lineNumber, column: indent + 1, message: "\(bytes.count) bytes do not fit in a \(pageSize)-byte page")
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
    for level in arch.levels.indices {
      let index = UInt64(translation.indexes[level])
      let entryAddress = table + index * UInt64(arch.entrySize)
      guard let raw = littleEndian(at: entryAddress, size: arch.entrySize) else {
        return Walk(steps: steps, physicalAddress: nil, permissions: nil, value: nil, faultLevel: arch.levels[level].name,
                    faultReason: "the image has no bytes at \(formatHex(entryAddress))")
      }
      steps.append(WalkStep(level: level, levelName: arch.levels[level].name, index: index, entryAddress: entryAddress, entry: raw))
      switch codec.decode(PageTableEntry(rawValue: raw), level: level) {
      case .notPresent:
        return Walk(steps: steps, physicalAddress: nil, permissions: nil, value: nil, faultLevel: arch.levels[level].name,
                    faultReason: "the \(arch.levels[level].name) entry is not present")
      case .table(let frame, let granted):
        allowed.formIntersection(granted)
        table = frame << UInt64(arch.offsetBits)
      case .leaf(let frame, let granted):
        let span = arch.entrySpanBits(atLevel: level)
        let offset = UInt64(truncatingIfNeeded: arch.translatedBits(of: pointer) & ((UInt128(1) << span) - 1))
        let physical = frame << UInt64(arch.offsetBits) + offset
        return Walk(steps: steps, physicalAddress: physical, permissions: granted.intersection(allowed),
                    value: byte(at: physical), faultLevel: nil, faultReason: nil)
      }
    }
    return Walk(steps: steps, physicalAddress: nil, permissions: nil, value: nil, faultLevel: arch.levels.last?.name,
                faultReason: "no leaf found")
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
