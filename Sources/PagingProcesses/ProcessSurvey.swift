import PagingCore

/// Every process this reader may read, counted (`paging proc --all`).
///
///     let survey = try ProcessSurvey(reader: try ProcessReader()) { done, total in ... }
///     survey.processes.max { $0.pageTableBytes < $1.pageTableBytes }
public struct ProcessSurvey: Sendable {
  /// One process's counts.
  public struct Entry: Sendable {
    /// The process's analysis (its snapshot inside).
    public let analysis: ProcessAnalysis
    /// Page-table bytes the populated pages need, every level with the root
    /// and the deposited tables.
    public var pageTableBytes: UInt128 { analysis.pageTableBytes }
  }

  /// The processes read, in process-id order.
  public let processes: [Entry]
  /// Kernel threads left out (they have no user page tables).
  public let kernelThreads: Int
  /// Processes that ended before they were read.
  public let vanished: Int
  /// Processes whose mappings the caller may not read.
  public let refused: Int
  /// Processes whose pagemap the caller may not read: counted as upper bounds.
  public var upperBounds: Int { processes.filter { $0.analysis.isUpperBound }.count }

  /// Reads every process in /proc; `progress(done, total)` is called after each.
  public init(reader: ProcessReader, progress: (Int, Int) -> Void = { _, _ in }) throws(ProcessError) {
    let ids = try reader.processIDs()
    let own = reader.processID(of: .current)
    var processes: [Entry] = []
    var kernelThreads = 0
    var vanished = 0
    var refused = 0
    for (index, pid) in ids.enumerated() {
      defer { progress(index + 1, ids.count) }
      let snapshot: ProcessSnapshot
      do throws(ProcessError) {
        snapshot = try reader.snapshot(of: pid == own ? .current : .id(pid))
      } catch {
        switch error {
        case .kernelThread: kernelThreads += 1
        case .noSuchProcess, .exitedWhileRead: vanished += 1
        case .permissionDenied: refused += 1
        default: throw error
        }
        continue
      }
      do throws(AddressError) {
        processes.append(Entry(analysis: try ProcessAnalysis(snapshot)))
      } catch {
        throw .unreadable(path: "/proc/\(pid)", reason: error.message)
      }
    }
    self.processes = processes
    self.kernelThreads = kernelThreads
    self.vanished = vanished
    self.refused = refused
  }

  /// Page-table bytes of every process read.
  public var totalPageTableBytes: UInt128 { processes.reduce(0) { $0 + $1.pageTableBytes } }

  /// The `count` processes with the most page-table bytes, most first (ties by id).
  public func top(_ count: Int) -> [Entry] {
    Array(
      processes.sorted {
        $0.pageTableBytes != $1.pageTableBytes
          ? $0.pageTableBytes > $1.pageTableBytes
          : ($0.analysis.snapshot.processID ?? 0) < ($1.analysis.snapshot.processID ?? 0)
      }.prefix(max(0, count)))
  }
}
