import PagingCore
import PagingJSON

/// Which mappings a listing keeps.
public struct MappingFilter: Sendable, Equatable {
  /// Whose mappings to keep.
  public enum Owner: String, Sendable, CaseIterable {
    /// Reachable from user mode.
    case user
    /// Kernel only.
    case kernel
  }

  /// Keep only user or only kernel mappings (nil for both).
  public var owner: Owner?
  /// Keep runs overlapping `[from, to)` (pointers; nil for no bound).
  public var from: UInt128?
  /// The end of the window, exclusive, as a pointer; nil for no bound.
  public var to: UInt128?

  /// A filter; nil keeps everything.
  public init(owner: Owner? = nil, from: UInt128? = nil, to: UInt128? = nil) {
    self.owner = owner
    self.from = from
    self.to = to
  }

  /// Whether `run` passes the filter.
  public func keeps(_ run: MappingRun) -> Bool {
    switch owner {
    case .user?: if !run.permissions.contains(.user) { return false }
    case .kernel?: if run.permissions.contains(.user) { return false }
    case nil: break
    }
    if let from, run.virtualStart + run.size <= from { return false }
    if let to, run.virtualStart >= to { return false }
    return true
  }
}

extension MappingList {
  /// `paging mappings` as text: a heading naming `arch` and the root at
  /// `rootAddress`, then ``textLines(filter:indent:)``.
  public func text(
    architecture arch: Architecture, rootAddress: PhysicalAddress, filter: MappingFilter = MappingFilter()
  )
    -> String
  {
    (["\(arch.name): mappings from the root at pa \(formatHex(rootAddress))"] + textLines(filter: filter))
      .joined(separator: "\n")
  }
}

extension MappingList {
  /// One line a run (`virtual range  physical range  size  pages  perms
  /// level`), then the faults, indented by `indent` spaces.
  public func textLines(filter: MappingFilter = MappingFilter(), indent: Int = 2) -> [String] {
    let pad = String(repeating: " ", count: indent)
    let kept = runs.filter(filter.keeps)
    var lines: [String] = []
    if kept.isEmpty {
      lines.append(pad + "(no mappings)")
    } else {
      let header = ["virtual range", "physical range", "size", "pages", "perms", "leaf"]
      var rows = [header, header.map { String(repeating: "-", count: $0.count) }]
      for run in kept {
        let virtual = "\(formatHex(run.virtualStart))-\(formatHex(run.virtualStart + run.size - 1))"
        let physical =
          run.physicalStart.map { "\(formatHex($0))-\(formatHex(UInt128($0.rawValue) + run.size - 1))" }
          ?? "scattered (\(counted(run.pages, "frame")))"
        rows.append([
          virtual, physical, formatBytes(run.size), "\(run.pages) × \(formatBytes(run.pageSize))",
          run.permissions.description, run.levelName,
        ])
      }
      let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
      for row in rows {
        lines.append(
          pad
            + row.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - $1.count) }
            .joined(separator: "  ").trimmingTrailingSpaces())
      }
    }
    for fault in faults {
      lines.append(
        pad
          + "fault: \(fault.levelName) entry at pa \(formatHex(fault.entryAddress)) (for \(formatHex(fault.virtualAddress))): \(fault.reason)"
      )
    }
    if truncated {
      lines.append(
        pad
          + "stopped: a listing reads at most \(MemoryImage.mappingEntryLimit) entries and lists at most \(MemoryImage.mappingRunLimit) runs and faults"
      )
    }
    return lines
  }

  /// `runs` (each with `virtual_start`, `size`, `physical_start` or null,
  /// `pages`, `page_size`, `permissions`, `user`, `level`), `faults` (each
  /// with `virtual_address`, `level`, `entry_address`, `reason`) and
  /// `truncated`.
  public func json(filter: MappingFilter = MappingFilter()) -> JSONValue {
    .object([
      (
        "runs",
        .array(
          runs.filter(filter.keeps).map { run in
            .object([
              ("virtual_start", .integer(run.virtualStart)), ("size", .integer(run.size)),
              ("physical_start", run.physicalStart.map { .integer($0) } ?? .null), ("pages", .integer(run.pages)),
              ("page_size", .integer(run.pageSize)), ("permissions", .string(run.permissions.description)),
              ("user", .bool(run.permissions.contains(.user))), ("level", .string(run.levelName)),
            ])
          })
      ),
      (
        "faults",
        .array(
          faults.map { fault in
            .object([
              ("virtual_address", .integer(fault.virtualAddress)), ("level", .string(fault.levelName)),
              ("entry_address", .integer(fault.entryAddress)), ("reason", .string(fault.reason)),
            ])
          })
      ),
      ("truncated", .bool(truncated)),
    ])
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
