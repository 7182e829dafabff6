/// A non-negative integer of any width up to ``limitBits``, for evaluating
/// expressions whose intermediate values may pass 128 bits even when the
/// result does not (`2^128-1`).
///
/// Only what ``Quantity`` needs: sums, products, shifts, comparison and the
/// difference of a larger and a smaller value. Limbs are little-endian and
/// carry no leading zero limbs, so equal values have equal limbs.
///
/// - Complexity: Addition is O(*n*) and multiplication O(*n* × *m*) in limbs;
///   the width limit keeps every value under 64 limbs.
struct WideMagnitude: Equatable, Comparable {
  /// The widest value an expression may hold at any step.
  static let limitBits = 1 << 12

  private(set) var limbs: [UInt64]

  init(_ value: UInt128) {
    limbs = [UInt64(truncatingIfNeeded: value), UInt64(truncatingIfNeeded: value >> 64)]
    normalize()
  }

  static var zero: WideMagnitude { WideMagnitude(0) }

  var isZero: Bool { limbs.isEmpty }

  /// The number of significant bits (0 for zero).
  var bitWidth: Int {
    guard let top = limbs.last else { return 0 }
    return limbs.count * 64 - top.leadingZeroBitCount
  }

  /// The value, when it fits in 128 bits.
  var uint128: UInt128? {
    guard limbs.count <= 2 else { return nil }
    let low = limbs.first.map { UInt128($0) } ?? 0
    let high = limbs.count == 2 ? UInt128(limbs[1]) : 0
    return high << 64 | low
  }

  private mutating func normalize() {
    while limbs.last == 0 { limbs.removeLast() }
  }

  static func < (lhs: WideMagnitude, rhs: WideMagnitude) -> Bool {
    if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count }
    for index in lhs.limbs.indices.reversed() where lhs.limbs[index] != rhs.limbs[index] {
      return lhs.limbs[index] < rhs.limbs[index]
    }
    return false
  }

  /// The sum, or nil past ``limitBits``.
  func adding(_ other: WideMagnitude) -> WideMagnitude? {
    var result = WideMagnitude.zero
    result.limbs = Array(repeating: 0, count: max(limbs.count, other.limbs.count) + 1)
    var carry: UInt64 = 0
    for index in 0..<(result.limbs.count - 1) {
      let a = index < limbs.count ? limbs[index] : 0
      let b = index < other.limbs.count ? other.limbs[index] : 0
      let (partial, overflow1) = a.addingReportingOverflow(b)
      let (sum, overflow2) = partial.addingReportingOverflow(carry)
      result.limbs[index] = sum
      carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
    }
    result.limbs[result.limbs.count - 1] = carry
    result.normalize()
    return result.bitWidth <= Self.limitBits ? result : nil
  }

  /// `self - other` where `other <= self`.
  func subtracting(_ other: WideMagnitude) -> WideMagnitude {
    precondition(other <= self, "subtracting a larger magnitude")
    var result = self
    var borrow: UInt64 = 0
    for index in result.limbs.indices {
      let b = index < other.limbs.count ? other.limbs[index] : 0
      let (partial, overflow1) = result.limbs[index].subtractingReportingOverflow(b)
      let (difference, overflow2) = partial.subtractingReportingOverflow(borrow)
      result.limbs[index] = difference
      borrow = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
    }
    result.normalize()
    return result
  }

  /// The product, or nil past ``limitBits``.
  func multiplied(by other: WideMagnitude) -> WideMagnitude? {
    if isZero || other.isZero { return .zero }
    // The product has either the sum of the widths or one bit fewer.
    guard bitWidth + other.bitWidth - 1 <= Self.limitBits else { return nil }
    var result = WideMagnitude.zero
    result.limbs = Array(repeating: 0, count: limbs.count + other.limbs.count)
    for (i, a) in limbs.enumerated() {
      var carry: UInt64 = 0
      for (j, b) in other.limbs.enumerated() {
        let (high, low) = a.multipliedFullWidth(by: b)
        let (sum1, overflow1) = low.addingReportingOverflow(result.limbs[i + j])
        let (sum2, overflow2) = sum1.addingReportingOverflow(carry)
        result.limbs[i + j] = sum2
        // high <= 2^64 - 2, so adding two carries cannot wrap.
        carry = high &+ (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0)
      }
      result.limbs[i + other.limbs.count] = carry
    }
    result.normalize()
    return result.bitWidth <= Self.limitBits ? result : nil
  }

  /// `self` to the power `exponent`, or nil past ``limitBits``.
  func raised(to exponent: WideMagnitude) -> WideMagnitude? {
    if exponent.isZero { return WideMagnitude(1) }
    if isZero || self == WideMagnitude(1) { return self }
    // Any base of 2 or more at an exponent past the limit is too wide.
    guard let small = exponent.uint128, small <= UInt128(Self.limitBits) else { return nil }
    var result = WideMagnitude(1)
    var base = self
    var remaining = Int(small)
    while true {
      if remaining & 1 == 1 {
        guard let product = result.multiplied(by: base) else { return nil }
        result = product
      }
      remaining >>= 1
      if remaining == 0 { return result }
      guard let square = base.multiplied(by: base) else { return nil }
      base = square
    }
  }

  /// `self × 2^bits`, or nil past ``limitBits``.
  func shiftedLeft(by bits: Int) -> WideMagnitude? {
    guard !isZero else { return self }
    guard bitWidth + bits <= Self.limitBits else { return nil }
    return multiplied(by: WideMagnitude(1 << UInt128(bits)))
  }
}
