#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One axis of a chart: the range of values it spans and its labelled
/// ticks, both worked out from the data so no point is ever clipped.
///
/// Logarithmic axes carry plot units (log2 or log10 of the value); their
/// ticks sit at whole powers of the base, so every label is a power of two
/// or of ten.
public struct ChartAxis: Sendable, Equatable {
  /// A tick: where it sits in plot units and what it says.
  public struct Tick: Sendable, Equatable {
    /// Position in plot units.
    public let position: Double
    /// The label drawn beside it.
    public let label: String

    /// A tick at `position` reading `label`.
    public init(position: Double, label: String) {
      self.position = position
      self.label = label
    }
  }

  /// The lowest value the axis shows, in plot units.
  public let lower: Double
  /// The highest value the axis shows, in plot units.
  public let upper: Double
  /// The ticks, lowest first.
  public let ticks: [Tick]

  /// An axis from `lower` to `upper` with these ticks.
  public init(lower: Double, upper: Double, ticks: [Tick]) {
    self.lower = lower
    self.upper = upper
    self.ticks = ticks
  }

  /// A logarithmic axis over exponents: the data's lowest and highest
  /// exponent (log of the value, in the axis's base) widened to whole
  /// multiples of `step`, with a tick at each multiple. `label` names the
  /// power at an exponent.
  ///
  ///     ChartAxis.logarithmic(exponents: [12, 40], step: 4) { "2^\($0)" }
  ///     // ticks at 12, 16, ..., 40
  public static func logarithmic(exponents: [Double], step: Int = 1, label: (Int) -> String) -> ChartAxis {
    let step = max(step, 1)
    let low = exponents.min() ?? 0
    let high = exponents.max() ?? 1
    var first = Int(low.rounded(.down))
    first -= ((first % step) + step) % step
    var last = Int(high.rounded(.up))
    last += (step - ((last % step) + step) % step) % step
    if last == first { last += step }
    let ticks = stride(from: first, through: last, by: step).map { Tick(position: Double($0), label: label($0)) }
    return ChartAxis(lower: Double(first), upper: Double(last), ticks: ticks)
  }

  /// The smallest step (of 1, 2, 3, 4, 5, 6, 8, 10, ...) that keeps a
  /// logarithmic axis from `low` to `high` at `maxTicks` ticks or fewer.
  public static func exponentStep(low: Double, high: Double, maxTicks: Int) -> Int {
    let span = max(high.rounded(.up) - low.rounded(.down), 1)
    for step in [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 32] where span / Double(step) + 1 <= Double(maxTicks) + 1e-9 {
      return step
    }
    return 64
  }

  /// A linear axis over integers: from `low` to `high` widened to whole
  /// multiples of `step`, a tick at each.
  ///
  ///     ChartAxis.linear(low: 13, high: 64, step: 8)   // 8, 16, ..., 64
  public static func linear(low: Int, high: Int, step: Int) -> ChartAxis {
    let step = max(step, 1)
    let first = Int((Double(low) / Double(step)).rounded(.down)) * step
    var last = Int((Double(high) / Double(step)).rounded(.up)) * step
    if last == first { last += step }
    let ticks = stride(from: first, through: last, by: step).map { Tick(position: Double($0), label: "\($0)") }
    return ChartAxis(lower: Double(first), upper: Double(last), ticks: ticks)
  }

  /// Where `value` falls between `start` (the axis's lower end) and `end`
  /// (its upper end) on screen.
  public func place(_ value: Double, from start: Double, to end: Double) -> Double {
    let span = upper - lower
    guard span > 0 else { return start }
    return start + (value - lower) / span * (end - start)
  }
}

/// log2 of a positive integer, to double precision: the exponent from the
/// bit width, the fraction from the top 53 bits.
///
///     exactLog2(4096)   // 12.0
public func exactLog2(_ value: UInt128) -> Double {
  guard value > 0 else { return -.infinity }
  let exponent = value.bitWidth - value.leadingZeroBitCount - 1
  let top = exponent > 52 ? value >> (exponent - 52) : value << (52 - exponent)
  return Double(exponent) + log2(Double(UInt64(truncatingIfNeeded: top)) / Double(UInt64(1) << 52))
}

/// log10 of `numerator / denominator`, from their log2s, so ratios of
/// integers past 2^64 still place correctly.
public func exactLog10(_ numerator: UInt128, over denominator: UInt128) -> Double {
  (exactLog2(numerator) - exactLog2(denominator)) / log2(10.0)
}

/// `10^k` as a label: `1`, `10`, `1000`, `0.01`, and `1e-6` past three places.
public func powerOfTenLabel(_ exponent: Int) -> String {
  if exponent >= 0 && exponent <= 6 { return "1" + String(repeating: "0", count: exponent) }
  if exponent < 0 && exponent >= -3 { return "0." + String(repeating: "0", count: -exponent - 1) + "1" }
  return "1e\(exponent)"
}
