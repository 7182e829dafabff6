import PagingCore

// What a raw entry word is, asked by name: the only place outside
// `EntryCodec.swift` that compares entry bits. Every predicate is a mask
// and a compare, inlined, so walks that hoist a test (`tablePointerTest`,
// `userPageTest`) into a local keep it in registers.

/// A test of a raw entry word: `raw & mask == value`, worked out once from
/// the architecture's entry format.
@usableFromInline
struct EntryTest: Sendable {
  @usableFromInline let mask: UInt64
  @usableFromInline let value: UInt64

  @inlinable @inline(__always)
  init(mask: UInt64, value: UInt64) {
    self.mask = mask
    self.value = value
  }

  /// Whether `raw` passes the test.
  @inlinable @inline(__always)
  func matches(_ raw: UInt64) -> Bool { raw & mask == value }
}

/// The present bit (or, for ARM, the valid bit) on its own, for scans that
/// test several entries at once by the OR of their words.
@usableFromInline
struct PresentBit: Sendable {
  @usableFromInline let mask: UInt64

  @inlinable @inline(__always)
  init(mask: UInt64) { self.mask = mask }

  /// Whether `raw` (one word, or the OR of several) has the bit set.
  @inlinable @inline(__always)
  func isSet(_ raw: UInt64) -> Bool { raw & mask != 0 }
}

/// A field of a raw entry word: `(raw >> shift) & mask`. Loops hoist one
/// into a local so its shift and mask stay in registers across stores.
@usableFromInline
struct EntryField: Sendable {
  @usableFromInline let shift: UInt64
  @usableFromInline let mask: UInt64

  @inlinable @inline(__always)
  init(shift: UInt64, mask: UInt64) {
    self.shift = shift
    self.mask = mask
  }

  /// The field's value in `raw`.
  @inlinable @inline(__always)
  func read(_ raw: UInt64) -> UInt64 { (raw &>> shift) & mask }

  /// `bits` with the field set to `value` (the field must be clear in `bits`).
  @inlinable @inline(__always)
  func placing(_ value: UInt64, into bits: UInt64) -> UInt64 { bits | (value & mask) &<< shift }
}

extension EntryCodec {
  /// The present (valid) bit, for scans over many entries.
  @inlinable var presentBit: PresentBit { PresentBit(mask: present) }

  /// Whether `raw` has its present (valid) bit set. Above the bottom level
  /// such an entry is a table pointer or a leaf; at the bottom an AArch64
  /// entry with bits 1:0 = 0b01 is present but reserved (see ``isLeaf(_:atLevel:)``).
  @inlinable @inline(__always)
  func isPresent(_ raw: UInt64) -> Bool { raw & present != 0 }

  /// The test for a pointer to a next-level table, valid above the bottom
  /// level: x86 P set and PS clear; AArch64 bits 1:0 = 0b11; RISC-V V set
  /// with R = W = X = 0.
  @inlinable var tablePointerTest: EntryTest { EntryTest(mask: tableMask, value: tableValue) }

  /// Whether `raw`, held in a table at `level`, points to a next-level
  /// table (never at the bottom level, where every present entry maps).
  @inlinable @inline(__always)
  func isTablePointer(_ raw: UInt64, atLevel level: Int) -> Bool {
    level != bottomLevel && raw & tableMask == tableValue
  }

  /// The test for a bottom-level entry that maps a page: present, and on
  /// AArch64 bits 1:0 = 0b11 (0b01 is reserved at level 3).
  @inlinable var bottomLeafTest: EntryTest { EntryTest(mask: bottomLeafMask, value: bottomLeafValue) }

  /// Whether `raw` at `level` maps a page: at the bottom level a page
  /// descriptor, above it a large page (x86 PS set, an AArch64 block with
  /// bits 1:0 = 0b01, a RISC-V entry with R, W or X set).
  @inlinable @inline(__always)
  func isLeaf(_ raw: UInt64, atLevel level: Int) -> Bool {
    level == bottomLevel
      ? raw & bottomLeafMask == bottomLeafValue
      : raw & present != 0 && raw & tableMask != tableValue
  }

  /// Whether `raw`, above the bottom level, maps a large page (the
  /// large-page bit set on x86, a block descriptor on AArch64, R, W or X
  /// set on RISC-V).
  @inlinable @inline(__always)
  func isLargePage(_ raw: UInt64, atLevel level: Int) -> Bool { level != bottomLevel && isLeaf(raw, atLevel: level) }

  /// The test for a bottom-level entry mapping a user page (a leaf with the
  /// user bit set; every leaf when the format has no user bit), or nil when
  /// no entry can pass it (a format whose user bit is the leaf's opposite).
  var userPageTest: EntryTest? {
    if user == 0 { return userIsImplicit ? bottomLeafTest : nil }
    if bottomLeafMask & user != 0 && bottomLeafValue & user == 0 { return nil }
    return EntryTest(mask: bottomLeafMask | user, value: bottomLeafValue | user)
  }

  /// The bits a leaf's permissions depend on (write, user, execute), in
  /// place: leaves with the same bits there have the same permissions.
  @inlinable var permissionField: EntryField { EntryField(shift: 0, mask: write | user | execute) }

  /// The frame number field.
  @inlinable var frameField: EntryField { EntryField(shift: frameShift, mask: frameMask) }

  /// Whether the leaf `raw` has its access flag clear where the format
  /// faults on that (AArch64's AF, bit 10, in a block or page descriptor;
  /// hardware AF update is not modelled). False for formats that set
  /// their accessed bits themselves (x86) or have none.
  func lacksAccessFlag(_ raw: UInt64) -> Bool {
    guard case .tableBit = leafEncoding, accessed != 0 else { return false }
    return raw & accessed == 0
  }

  /// The frame number field of a raw entry.
  @inlinable @inline(__always)
  func frame(of raw: UInt64) -> UInt64 { (raw &>> frameShift) & frameMask }
}
