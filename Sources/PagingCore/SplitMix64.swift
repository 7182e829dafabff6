/// A small, fast, seedable random number generator (Steele, Lea and Flood's
/// SplitMix64), so that "random" placements and tests repeat exactly.
///
///     var generator = SplitMix64(seed: 42)
///     let stride = UInt64.random(in: 1...8, using: &generator)
///
/// - Complexity: O(1) per number.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// A generator whose sequence is fixed by `seed`: the same seed always gives the same numbers.
  public init(seed: UInt64) { state = seed }

  /// The next number of the sequence, advancing the generator.
  public mutating func next() -> UInt64 {
    // Wrapping arithmetic is the algorithm, not an accident.
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
