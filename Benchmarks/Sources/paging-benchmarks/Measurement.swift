/// One row of the benchmark's output: our figure beside the reference's,
/// both from the same run, and their ratio (ours over the reference).
struct Measurement {
  enum Figures {
    /// Best-of seconds for us and for the reference.
    case time(seconds: Double, reference: Double)
    /// Bytes the simulator holds for page-table contents, the page-table
    /// bytes it stores, and its per-frame bookkeeping (owners of the frames
    /// handed out, and the free lists). The ratio and the target take
    /// contents and bookkeeping together.
    case bytes(Int, reference: Int, bookkeeping: Int)
  }

  enum Group { case contiguous, sparse, analytic, memory }

  var group: Group
  var name: String
  var n: UInt64
  /// `n` as the issue writes it: 2^18+1.
  var nLabel: String
  var figures: Figures
  var repetitions: Int
  /// What the issue asks the ratio to stay under; nil for a row shown for
  /// information only.
  var target: Double?

  var ratio: Double {
    switch figures {
    case .time(let seconds, let reference): return seconds / reference
    case .bytes(let bytes, let reference, let bookkeeping): return Double(bytes + bookkeeping) / Double(reference)
    }
  }

  /// Memory may exceed the ratio by one 64 KiB storage chunk: the "small
  /// constant" of the target.
  var meetsTarget: Bool? {
    guard let target else { return nil }
    if case .bytes(let bytes, let reference, let bookkeeping) = figures {
      return Double(bytes + bookkeeping) <= target * Double(reference) + 65536
    }
    return ratio <= target
  }
}

/// The repetitions a job of `pages` pages gets: small jobs are noisier.
func repetitions(forPages pages: Int) -> Int {
  pages <= 4096 ? 101 : 21
}

/// `2^k`, `2^k+1` or the plain number.
func powerLabel(_ n: UInt64) -> String {
  if n > 1, n & (n - 1) == 0 { return "2^\(n.trailingZeroBitCount)" }
  let below = n - 1
  if below > 1, below & (below - 1) == 0 { return "2^\(below.trailingZeroBitCount)+1" }
  return "\(n)"
}
