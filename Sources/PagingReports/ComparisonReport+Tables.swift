import PagingCore
import PagingScenarios
import PagingSimulator

/// The long-form tables CSV and JSON carry: one row per fact, exact values.
extension ComparisonReport {
  // MARK: - Tables

  static func geometry(_ archs: [Architecture]) -> ReportTable {
    var table = ReportTable(
      name: "geometry", title: "Geometry side by side",
      note:
        "Levels are listed root first with their index bits; the single-level table has one entry per virtual page.",
      columns: [
        "architecture", "virtual_address_bits", "physical_address_bits", "page_size", "entry_size", "levels",
        "bit_split", "entries_per_table", "single_level_table_bytes", "max_page_table_pages", "large_page_sizes",
      ])
    for arch in archs {
      table.rows.append([
        .text(arch.name), .integer(UInt128(arch.virtualAddressBits)), .integer(UInt128(arch.physicalAddressBits)),
        .bytes(arch.pageSize), .integer(UInt128(arch.entrySize)), .integer(UInt128(arch.levelCount)),
        .text(arch.levels.map { "\($0.name) \($0.indexBits)" }.joined(separator: ", ") + ", offset \(arch.offsetBits)"),
        .text(arch.levels.indices.map { "\(arch.entries(atLevel: $0))" }.joined(separator: "/")),
        .bytes(arch.singleLevelTableBytes), .integer(arch.maxPageTablePages),
        .text(arch.largePageSizes.map(formatBytes).joined(separator: ", ")),
      ])
    }
    return table
  }

  /// Fewest total pages (data + tables) for a workload at address 0, or why not.
  static func total(_ arch: Architecture, _ workload: Workload) -> Cell {
    do { return .integer(try arch.footprint(of: workload).totalPages) } catch { return .missing(error.message) }
  }

  static func tablesOnly(_ arch: Architecture, _ workload: Workload) -> Cell {
    do { return .integer(try arch.footprint(of: workload).pageTablePages) } catch { return .missing(error.message) }
  }

  static func classic(_ archs: [Architecture]) -> ReportTable {
    var table = ReportTable(
      name: "classic", title: "The classic questions, for every architecture",
      note:
        "Page-table and total page counts are the fewest possible, with base pages, starting at address 0 (aligned to every table). Total pages count data pages plus page-table pages.",
      columns: [
        "architecture", "offset_bits", "addresses_per_page", "single_level_table_bytes", "bits_per_level",
        "page_table_pages_for_2^20_bytes", "page_table_pages_for_2^20_pages", "max_tables_per_level",
        "levels_for_64_bits", "total_pages_1_byte", "total_pages_1_page", "total_pages_2^9_pages",
        "total_pages_2^9+1_pages", "total_pages_2^18+1_pages",
      ])
    for arch in archs {
      let plan = try? LevelPlan(virtualAddressBits: 64, pageSize: arch.pageSize, entrySize: arch.entrySize)
      table.rows.append([
        .text(arch.name), .integer(UInt128(arch.offsetBits)), .integer(arch.entriesPerPage),
        .bytes(arch.singleLevelTableBytes),
        .text(
          "\(arch.bitsPerFullLevel) (2^\(arch.bitsPerFullLevel) = \(arch.entriesPerPage) entries fill a page); split "
            + arch.levels.map { String($0.indexBits) }.joined(separator: "+")),
        tablesOnly(arch, .bytes(1 << 20)), tablesOnly(arch, .pages(1 << 20)),
        .text(arch.levels.indices.map { "\(arch.maxTables(atLevel: $0))" }.joined(separator: ", ")),
        plan.map { .text("\($0.levelCount) (" + $0.indexBits.map(String.init).joined(separator: "+") + ")") }
          ?? .missing("page too small"),
        total(arch, .bytes(1)), total(arch, .pages(1)), total(arch, .pages(512)), total(arch, .pages(513)),
        total(arch, .pages(262_145)),
      ])
    }
    return table
  }

  /// The long workloads table (one row per measurement) for CSV and JSON.
  static func workloadTable(_ measurements: [Measurement]) -> ReportTable {
    var table = ReportTable(
      name: "workloads", title: "Workloads side by side",
      note:
        "Page-table bytes needed to map each size, contiguous from address 0 or sparse (16 equal pieces spread evenly over the lower half), with base pages only or with one large-page size allowed. Overhead is page-table bytes per mapped byte.",
      columns: ["architecture", "layout", "pages", "mapped_bytes", "page_table_pages", "page_table_bytes", "overhead"])
    for m in measurements {
      guard let pages = m.pageTablePages, let bytes = m.pageTableBytes else {
        table.rows.append([
          .text(m.architecture), .text(m.layout), .text(m.option.label), .bytes(m.mapped),
          .missing("too large"), .missing("too large"), .missing("too large"),
        ])
        continue
      }
      table.rows.append([
        .text(m.architecture), .text(m.layout), .text(m.option.label), .bytes(m.mapped),
        .integer(pages), .bytes(bytes), .ratio(bytes, m.mapped),
      ])
    }
    return table
  }

  static func manyProcesses(_ archs: [Architecture]) -> ReportTable {
    var table = ReportTable(
      name: "many_processes",
      title: "\(processCount) processes each mapping the same \(formatBytes(sharedRegion)) shared region",
      note:
        "The region's frames are shared, but every process has its own page tables for it. With base pages their total comes close to the region itself; with large pages it almost vanishes.",
      columns: ["architecture", "pages", "page_table_pages_per_process", "page_table_bytes_total", "share_of_region"])
    for arch in archs {
      let options: [(String, [Int])] =
        [("base pages", [])]
        + arch.leafLevels.dropLast().map {
          ("\(formatBytes(arch.entrySpan(atLevel: $0))) pages", [$0])
        }
      for (pages, levels) in options {
        guard let range = try? arch.translatedRange(start: 0, length: sharedRegion) else {
          table.rows.append([
            .text(arch.name), .text(pages), .missing("region larger than the address space"),
            .missing("region larger than the address space"), .missing(""),
          ])
          continue
        }
        let perProcess = arch.footprint(of: [range], largePageLevels: levels).pageTablePages
        let total = perProcess * processCount * arch.pageSize
        table.rows.append([
          .text(arch.name), .text(pages), .integer(perProcess), .bytes(total), .ratio(total, sharedRegion),
        ])
      }
    }
    return table
  }

  static let widths = [16, 20, 24, 32, 36, 39, 42, 44, 48, 52, 56, 57, 60, 64]

  static func levelsByWidth(_ archs: [Architecture]) -> ReportTable {
    var table = ReportTable(
      name: "levels_by_width", title: "Levels needed against address width",
      note: "Full levels at the bottom, the remainder at the root, for each page and entry size the architectures use.",
      columns: ["page_size", "entry_size", "architectures", "virtual_address_bits", "levels", "bit_split"])
    var groups: [(page: UInt128, entry: Int, names: [String])] = []
    for arch in archs {
      if let index = groups.firstIndex(where: { $0.page == arch.pageSize && $0.entry == arch.entrySize }) {
        groups[index].names.append(arch.name)
      } else {
        groups.append((arch.pageSize, arch.entrySize, [arch.name]))
      }
    }
    for group in groups {
      for width in widths {
        guard let plan = try? LevelPlan(virtualAddressBits: width, pageSize: group.page, entrySize: group.entry) else {
          continue
        }
        table.rows.append([
          .bytes(group.page), .integer(UInt128(group.entry)), .text(group.names.joined(separator: " ")),
          .integer(UInt128(width)), .integer(UInt128(plan.levelCount)),
          .text(plan.indexBits.map(String.init).joined(separator: "+")),
        ])
      }
    }
    return table
  }

  static func scenarios(_ results: [ScenarioResult]) -> ReportTable {
    var table = ReportTable(
      name: "scenarios", title: "Simulated scenarios against the analytic prediction",
      note:
        "Each scenario in Scenarios/ run on real page tables in simulated memory. For every live process at each report point: page-table pages per level (root first) counted in the simulator, and as the analytic engine predicts from the ranges the process mapped.",
      columns: [
        "scenario", "architecture", "report", "process", "data_pages", "simulated_page_table_pages",
        "predicted_page_table_pages", "agree", "system_total_pages", "leaked_frames",
      ])
    for result in results {
      for point in result.run.points {
        let report = point.report
        let rows = report.processes.isEmpty ? [nil] : report.processes.map { Optional($0) }
        for process in rows {
          let simulated = process?.pageTablePagesPerLevel.map(String.init).joined(separator: " ") ?? ""
          let predicted = process.flatMap { point.predicted[$0.id] }?.pageTablePagesPerLevel
          table.rows.append([
            .text(result.title), .text(result.run.architecture.name), .text(report.label),
            .text(process?.name ?? "(none)"), process.map { .integer($0.dataPages) } ?? .missing(""),
            .text(simulated), .text(predicted?.map(String.init).joined(separator: " ") ?? ""),
            .text(process == nil ? "" : predicted == process?.pageTablePagesPerLevel ? "yes" : "NO"),
            .integer(report.totalPages), .integer(report.leakedFrames),
          ])
        }
      }
    }
    return table
  }
}
