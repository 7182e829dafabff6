/// Python 3's `random` module generator: the Mersenne Twister MT19937
/// (Matsumoto and Nishimura, 1998) seeded and read exactly as CPython does,
/// so that a program written against `random.seed(n)` and `random.random()`
/// draws the same numbers in Swift.
///
///     var random = PythonRandom(seed: 42)
///     random.random()   // 0.6394267984578837, as python3 prints it
///
/// - Complexity: O(1) amortized per number; seeding is O(max(624, words in the seed)).
public struct PythonRandom: Sendable {
  private static let stateSize = 624
  private static let shiftSize = 397
  private static let matrixA: UInt32 = 0x9908_B0DF
  private static let upperMask: UInt32 = 0x8000_0000
  private static let lowerMask: UInt32 = 0x7FFF_FFFF

  private var state: [UInt32]
  private var index: Int

  /// `random.seed(seed)` for an integer seed: CPython feeds the 32-bit words
  /// of `abs(seed)`, least significant first, to `init_by_array` (a zero
  /// seed is the single word 0), so `seed` and `-seed` give the same numbers.
  public init(seed: PythonInt) {
    state = []
    index = Self.stateSize
    seedByArray(seed.seedKey)
  }

  /// `random.seed(seed)` for a seed that fits in `Int`.
  public init(seed: Int) { self.init(seed: PythonInt(seed)) }

  /// MT19937's `init_genrand`.
  private mutating func seedLinear(_ seed: UInt32) {
    state = [UInt32](repeating: 0, count: Self.stateSize)
    state[0] = seed
    for i in 1..<Self.stateSize {
      let previous = state[i - 1]
      state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
    }
    index = Self.stateSize
  }

  /// MT19937's `init_by_array`.
  private mutating func seedByArray(_ key: [UInt32]) {
    seedLinear(19_650_218)
    let n = Self.stateSize
    var i = 1
    var j = 0
    for _ in 0..<max(n, key.count) {
      let previous = state[i - 1]
      state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(truncatingIfNeeded: j)
      i += 1
      j += 1
      if i >= n {
        state[0] = state[n - 1]
        i = 1
      }
      if j >= key.count { j = 0 }
    }
    for _ in 0..<(n - 1) {
      let previous = state[i - 1]
      state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1_566_083_941)) &- UInt32(i)
      i += 1
      if i >= n {
        state[0] = state[n - 1]
        i = 1
      }
    }
    state[0] = 0x8000_0000  // the most significant bit is 1: a non-zero initial state
  }

  /// Regenerates all 624 words of state (MT19937's "twist").
  private mutating func twist() {
    let n = Self.stateSize
    let m = Self.shiftSize
    func mixed(_ upper: UInt32, _ lower: UInt32, _ far: UInt32) -> UInt32 {
      let y = (upper & Self.upperMask) | (lower & Self.lowerMask)
      return far ^ (y >> 1) ^ (y & 1 == 0 ? 0 : Self.matrixA)
    }
    for k in 0..<(n - m) { state[k] = mixed(state[k], state[k + 1], state[k + m]) }
    for k in (n - m)..<(n - 1) { state[k] = mixed(state[k], state[k + 1], state[k + m - n]) }
    state[n - 1] = mixed(state[n - 1], state[0], state[m - 1])
    index = 0
  }

  /// The next 32 random bits (MT19937's `genrand_uint32`, Python's `random.getrandbits(32)`).
  public mutating func nextUInt32() -> UInt32 {
    if index >= Self.stateSize { twist() }
    var y = state[index]
    index += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9D2C_5680
    y ^= (y << 15) & 0xEFC6_0000
    y ^= y >> 18
    return y
  }

  /// `random.random()`: a double in [0, 1) from 53 random bits, 27 from one
  /// word and 26 from the next.
  public mutating func random() -> Double {
    let a = nextUInt32() >> 5
    let b = nextUInt32() >> 6
    return (Double(a) * 67_108_864.0 + Double(b)) * (1.0 / 9_007_199_254_740_992.0)
  }
}
