/// Wall-clock timing for both sides of a comparison: one clock, one process.
enum Timing {
  static let clock = ContinuousClock()

  /// Seconds `body` takes.
  static func seconds<Failure: Error>(_ body: () throws(Failure) -> Void) throws(Failure) -> Double {
    let start = clock.now
    try body()
    return seconds(start.duration(to: clock.now))
  }

  static func seconds(_ duration: Duration) -> Double {
    let (whole, attoseconds) = duration.components
    return Double(whole) + Double(attoseconds) * 1e-18
  }
}

/// The fastest of several runs of each phase of a job.
struct BestOf {
  private(set) var values: [String: Double] = [:]

  mutating func record(_ key: String, _ seconds: Double) {
    values[key] = min(values[key] ?? .infinity, seconds)
  }

  subscript(_ key: String) -> Double { values[key] ?? .nan }
}

/// Keeps the optimizer from folding away work whose result is unused.
@inline(never)
func opaque<T>(_ value: T) -> T { value }

/// A failed check or an unusable argument; the benchmark stops with it.
struct BenchmarkError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
