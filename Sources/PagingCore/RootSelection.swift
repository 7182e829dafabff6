/// How the untranslated high bits of a pointer choose one of several
/// translation trees, each translating the same `virtualAddressBits`.
///
/// AArch64 stage 1 has two: TTBR0 for addresses whose bits 63 to VA are all
/// zero, TTBR1 for those where they are all one, so bit VA-1 is translated
/// and free (Arm ARM DDI 0487, "Selection between TTBR0 and TTBR1"; with
/// top-byte-ignore, bit 55 chooses and bits 63:56 are not checked). POWER9
/// radix chooses a quadrant with bits 63:62, and bits 61 to 52 must be zero
/// (Power ISA v3.0B, Book III, "Radix Tree Translation").
///
///     arm64-4k-48: 0x0000_8000_0000_0000 → TTBR0, translated 0x8000_0000_0000
///                  0xffff_0000_0000_1000 → TTBR1, translated 0x1000
public struct RootSelection: Sendable, Equatable {
  /// What the upper bits that are neither the selector nor ignored hold.
  public enum OtherBits: String, Sendable, Equatable, CaseIterable {
    /// Copies of the selector bit (AArch64: bits 63:VA all equal bit 55).
    case copies
    /// Zero (POWER9 radix: bits 61:52).
    case zero
  }

  /// One tree and the selector value that chooses it.
  public struct Root: Sendable, Equatable {
    /// The selector field's value that chooses this tree.
    public let value: UInt64
    /// The register or table that holds this tree's root (`TTBR0`, ...).
    public let name: String

    /// The tree selected by `value`, held in the register `name`.
    public init(value: UInt64, name: String) {
      self.value = value
      self.name = name
    }
  }

  /// The selector field: pointer bits `lowBit ... highBit`.
  public let highBit: Int
  /// The selector field's lowest bit.
  public let lowBit: Int
  /// What the untranslated bits outside the selector must hold.
  public let otherBits: OtherBits
  /// Whether bits 63:56 are ignored (AArch64 TBI).
  public let topByteIgnored: Bool
  /// The trees, user's first: the first is where processes map, the last
  /// where a kernel maps when there is more than one.
  public let roots: [Root]

  /// A selection of `roots` by pointer bits `lowBit ... highBit`; ``Architecture/init(validating:)`` checks the field
  /// lies above the translated bits and that every root's value fits it.
  public init(highBit: Int, lowBit: Int, otherBits: OtherBits, topByteIgnored: Bool, roots: [Root]) {
    self.highBit = highBit
    self.lowBit = lowBit
    self.otherBits = otherBits
    self.topByteIgnored = topByteIgnored
    self.roots = roots
  }

  /// The tree `pointer` selects (an index into ``roots``), or nil when its
  /// upper bits break the rule. `virtualAddressBits` and `pointerBits` are
  /// the architecture's.
  ///
  /// - Complexity: O(1) in the pointer; O(roots) to find the value.
  public func root(of pointer: UInt128, virtualAddressBits: Int, pointerBits: Int) -> Int? {
    let fieldWidth = highBit - lowBit + 1
    let selector = UInt64(truncatingIfNeeded: (pointer >> lowBit) & ((UInt128(1) << fieldWidth) - 1))
    guard let index = roots.firstIndex(where: { $0.value == selector }) else { return nil }
    let checkedTop = topByteIgnored ? min(pointerBits, 56) : pointerBits
    for bit in virtualAddressBits..<checkedTop where bit < lowBit || bit > highBit {
      let value = (pointer >> bit) & 1
      switch otherBits {
      case .zero: if value != 0 { return nil }
      case .copies: if value != UInt128(selector & 1) { return nil }
      }
    }
    return index
  }

  /// One sentence stating the rule, for `canonicalRule`.
  public func rule(virtualAddressBits: Int, pointerBits: Int) -> String {
    let field = highBit == lowBit ? "bit \(highBit)" : "bits \(highBit)-\(lowBit)"
    let choices = roots.map { "\($0.value) selects \($0.name)" }.joined(separator: ", ")
    let top = topByteIgnored ? min(pointerBits, 56) : pointerBits
    var others: [String] = []
    if top - 1 > highBit { others.append("\(top - 1)-\(highBit + 1)") }
    if lowBit - 1 >= virtualAddressBits { others.append("\(lowBit - 1)-\(virtualAddressBits)") }
    let rest =
      others.isEmpty
      ? ""
      : otherBits == .zero
        ? "; bits \(others.joined(separator: " and ")) must be zero"
        : "; bits \(others.joined(separator: " and ")) must all equal \(field)"
    let ignored = topByteIgnored ? "; bits \(pointerBits - 1)-56 are ignored (top-byte-ignore)" : ""
    return "\(field) selects the root (\(choices))\(rest)\(ignored)"
  }
}
