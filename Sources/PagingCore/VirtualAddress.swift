// Pointer-width virtual addresses and the translated bits inside them.

/// A virtual address the architecture cannot use, or a range it cannot map.
public struct AddressError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// A half-open range of translated addresses, `start ..< end`, inside
/// `0 ..< 2^virtualAddressBits`. For sign-extended architectures the upper
/// (kernel) half of the pointer space appears here as the top half.
public struct AddressRange: Sendable, Equatable, Hashable {
  public var start: UInt128
  public var end: UInt128

  public init(start: UInt128, end: UInt128) {
    precondition(start <= end, "a range cannot end before it starts")
    self.start = start
    self.end = end
  }

  public var count: UInt128 { end - start }
  public var isEmpty: Bool { start == end }
}

extension Architecture {
  /// Whether the untranslated bits of `pointer` hold what the architecture
  /// requires (for x86-64: whether the address is canonical).
  public func isCanonical(_ pointer: UInt128) -> Bool {
    guard pointer >> pointerBits == 0 else { return false }
    let upper = pointer >> virtualAddressBits
    let upperWidth = pointerBits - virtualAddressBits
    switch upperBits {
    case .none, .ignore: return true
    case .zero: return upper == 0
    case .signExtend:
      let topBit = (pointer >> (virtualAddressBits - 1)) & 1
      return upper == (topBit == 0 ? 0 : (UInt128(1) << upperWidth) - 1)
    }
  }

  /// The translated bits of a pointer: the low `virtualAddressBits`.
  public func translatedBits(of pointer: UInt128) -> UInt128 {
    pointer & (addressSpaceBytes - 1)
  }

  /// The pointer a translated address appears as: upper bits sign-extended
  /// where the architecture requires it, zero otherwise.
  public func pointer(forTranslated address: UInt128) -> UInt128 {
    guard upperBits == .signExtend, (address >> (virtualAddressBits - 1)) & 1 == 1 else { return address }
    let pointerMask = pointerBits == 128 ? UInt128.max : (UInt128(1) << pointerBits) - 1
    return (address | ~(addressSpaceBytes - 1)) & pointerMask
  }

  /// The translated range for `length` bytes from pointer `start`, checked:
  /// the start must be usable, and the range may neither pass the top of the
  /// address space nor cross the non-canonical hole.
  public func translatedRange(start startPointer: UInt128, length: UInt128) throws(AddressError) -> AddressRange {
    guard startPointer >> pointerBits == 0 else {
      throw AddressError("\(formatHex(startPointer)) does not fit in a \(pointerBits)-bit address")
    }
    guard isCanonical(startPointer) else {
      throw AddressError("\(formatHex(startPointer)) is not canonical for \(name): \(canonicalRule)")
    }
    let start = translatedBits(of: startPointer)
    let (end, overflow) = start.addingReportingOverflow(length)
    let limit: UInt128
    if upperBits == .signExtend {
      let half = addressSpaceBytes / 2
      limit = start < half ? half : addressSpaceBytes
    } else {
      limit = addressSpaceBytes
    }
    guard !overflow, end <= limit else {
      // The hole runs from the first address past the lower half to the
      // last one below the upper half; name both ends.
      let what = limit == addressSpaceBytes
        ? "the top of the \(virtualAddressBits)-bit address space"
        : "the non-canonical hole from \(formatHex(limit)) to \(formatHex(pointer(forTranslated: limit) - 1))"
      throw AddressError("\(formatBytesExactly(length)) from \(formatHex(startPointer)) would pass \(what)")
    }
    return AddressRange(start: start, end: end)
  }

  /// One sentence stating which addresses are valid.
  public var canonicalRule: String {
    switch upperBits {
    case .none: return "every \(pointerBits)-bit address is valid"
    case .ignore: return "bits \(pointerBits - 1)-\(virtualAddressBits) are ignored"
    case .zero: return "bits \(pointerBits - 1)-\(virtualAddressBits) must be zero"
    case .signExtend:
      return "bits \(pointerBits - 1)-\(virtualAddressBits) must all equal bit \(virtualAddressBits - 1)"
    }
  }
}
