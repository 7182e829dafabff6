// Pointer-width virtual addresses and the translated bits inside them.

/// A virtual address the architecture cannot use, or a range it cannot map.
public struct AddressError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What is wrong, in one line that names the address.
  public var message: String
  /// An error with `message` as its whole description.
  public init(_ message: String) { self.message = message }
  /// The message alone.
  public var description: String { message }
}

/// A half-open range of translated addresses, `start ..< end`, inside
/// `0 ..< 2^virtualAddressBits`. For sign-extended architectures the upper
/// (kernel) half of the pointer space appears here as the top half.
public struct AddressRange: Sendable, Equatable, Hashable {
  /// The first translated address in the range.
  public var start: UInt128
  /// The first translated address after the range.
  public var end: UInt128

  /// The range `start ..< end`; `start` must not be above `end`.
  public init(start: UInt128, end: UInt128) {
    precondition(start <= end, "a range cannot end before it starts")
    self.start = start
    self.end = end
  }

  /// Bytes in the range.
  public var count: UInt128 { end - start }
  /// Whether the range holds no address.
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
    case .selectRoot:
      return selectedRoot(of: pointer) != nil
    }
  }

  /// The tree `pointer` selects on an architecture with several, nil when
  /// it has one tree or the upper bits select none.
  public func selectedRoot(of pointer: UInt128) -> RootSelection.Root? {
    guard let rootSelection, pointer >> pointerBits == 0,
      let index = rootSelection.root(of: pointer, virtualAddressBits: virtualAddressBits, pointerBits: pointerBits)
    else { return nil }
    return rootSelection.roots[index]
  }

  /// The pointer for translated `address` in the kernel's tree: its
  /// selector bits and the bits around them as the rule wants them (on
  /// AArch64 all ones), or ``pointer(forTranslated:)`` with one tree.
  public func kernelPointer(forTranslated address: UInt128) -> UInt128 {
    guard kernelHasOwnTree, let rootSelection, let kernel = rootSelection.roots.last else {
      return pointer(forTranslated: address)
    }
    var pointer = address
    for bit in virtualAddressBits..<pointerBits {
      let value: UInt128
      if bit >= rootSelection.lowBit && bit <= rootSelection.highBit {
        value = UInt128(kernel.value >> UInt64(bit - rootSelection.lowBit)) & 1
      } else if rootSelection.topByteIgnored && bit >= 56 {
        value = 0
      } else {
        value = rootSelection.otherBits == .copies ? UInt128(kernel.value & 1) : 0
      }
      pointer |= value << bit
    }
    return pointer
  }

  /// Whether a kernel maps in a tree of its own, which processes do not
  /// copy (AArch64's TTBR1): true when the upper bits choose among trees.
  public var kernelHasOwnTree: Bool { (rootSelection?.roots.count ?? 1) > 1 }

  /// Checks that `pointer` lies in the tree a process (`kernel` false) or
  /// the kernel maps in: the first root or the last.
  public func checkTree(of pointer: UInt128, kernel: Bool) throws(AddressError) {
    guard kernelHasOwnTree, let rootSelection, let root = selectedRoot(of: pointer) else { return }
    let wanted = kernel ? rootSelection.roots[rootSelection.roots.count - 1] : rootSelection.roots[0]
    guard root == wanted else {
      let who = kernel ? "the kernel maps" : "processes map"
      throw AddressError("\(formatHex(pointer)) selects \(root.name), but on \(name) \(who) under \(wanted.name)")
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
      let what =
        limit == addressSpaceBytes
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
    case .selectRoot:
      return rootSelection?.rule(virtualAddressBits: virtualAddressBits, pointerBits: pointerBits)
        ?? "bits choose a root"
    }
  }
}
