import PagingReports
import Testing

/// Axis ranges and ticks from data, worked out by hand.
@Suite struct ChartAxisTests {
  @Test func bytesAxisTicksAtPowersOfTwo() {
    // 4 KiB = 2^12 to 1 TiB = 2^40, a tick every 2^4: 12, 16, ..., 40.
    let axis = ChartAxis.logarithmic(exponents: [12, 40], step: 4) { "2^\($0)" }
    #expect(axis.lower == 12 && axis.upper == 40)
    #expect(axis.ticks.map(\.position) == [12, 16, 20, 24, 28, 32, 36, 40])
    #expect(axis.ticks.first?.label == "2^12")
  }

  @Test func logAxisWidensToWholePowersAndNeverClips() {
    // Ratios from 10^-4.3 (5e-5) to 10^1.68 (48): the axis must reach 10^-5 and 10^2.
    let axis = ChartAxis.logarithmic(exponents: [-4.3, 1.68, 0.2], step: 1, label: powerOfTenLabel)
    #expect(axis.lower == -5 && axis.upper == 2)
    #expect(axis.ticks.map(\.label) == ["1e-5", "1e-4", "0.001", "0.01", "0.1", "1", "10", "100"])
  }

  @Test func logAxisStepAlignsToMultiples() {
    // Exponents 13 to 29 with step 4: widened to 12 and 32.
    let axis = ChartAxis.logarithmic(exponents: [13, 29], step: 4) { "\($0)" }
    #expect(axis.lower == 12 && axis.upper == 32)
    #expect(axis.ticks.count == 6)
  }

  @Test func stepKeepsTicksFew() {
    // Span 7 fits 8 ticks at step 1; span 28 needs step 4 for 8 ticks, 6 for at most 6.
    #expect(ChartAxis.exponentStep(low: -5, high: 2, maxTicks: 9) == 1)
    #expect(ChartAxis.exponentStep(low: 12, high: 40, maxTicks: 8) == 4)
    #expect(ChartAxis.exponentStep(low: 12, high: 40, maxTicks: 6) == 6)
  }

  @Test func linearAxisOnWholeSteps() {
    // Widths 13 to 64, a tick every 8 bits: 8, 16, ..., 64.
    let axis = ChartAxis.linear(low: 13, high: 64, step: 8)
    #expect(axis.ticks.map(\.label) == ["8", "16", "24", "32", "40", "48", "56", "64"])
    #expect(axis.place(36, from: 0, to: 560) == 280)
  }

  @Test func exactLogarithms() {
    #expect(exactLog2(4096) == 12)
    #expect(exactLog2(1 << 100) == 100)
    // log2 3 = 1.5849625...
    #expect(abs(exactLog2(3) - 1.5849625007) < 1e-9)
    // 16384 page-table bytes for 4096 mapped: 4 per byte, log10 4 = 0.60206...
    #expect(abs(exactLog10(16384, over: 4096) - 0.6020599913) < 1e-9)
  }
}
