import PagingCore

/// The report's nested-translation section: for each guest and host pair
/// among the report's architectures, the memory references of a worst-case
/// two-dimensional walk (base pages in both stages, and with the largest
/// pages each stage has), and a virtual machine's page tables on both sides.
///
///     let section = NestedSection(pairs: [(x86_64, ept4)]).section
///
/// - Complexity: O(*pairs* × *levels*²).
public struct NestedSection: Sendable {
  /// The machine every pair is costed for: 4 GiB of guest-physical memory
  /// and four processes mapping 256 MiB each.
  public static let machine = VirtualMachineSize(guestMemoryBytes: 4 << 30, mappedBytes: 256 << 20, processes: 4)

  /// The guest and host pairs, in the order given.
  public let pairs: [(guest: Architecture, host: Architecture)]

  /// A section over `pairs`.
  public init(pairs: [(guest: Architecture, host: Architecture)]) {
    self.pairs = pairs
  }

  /// The section for the page and report.md.
  public var section: ReportSection {
    let intro = """
      Under virtualization every guest page-table read is itself a guest-physical address the host's tables \
      translate, and so is the data's address: an n-level guest on an m-level host takes up to n guest reads plus \
      n + 1 host walks of m reads, (n + 1)(m + 1) - 1 memory references on a TLB miss (24 for four levels on four, \
      35 for five on five). Large pages shorten each stage's walk. The machine below has \
      \(humanBytes(Self.machine.guestMemoryBytes)) of guest-physical memory, mapped by the host from address 0, \
      and \(Self.machine.processes) processes in the guest mapping \(humanBytes(Self.machine.mappedBytes)) each \
      from address 0. `paging nested GUEST HOST --explain` shows the working for any pair.
      """
    guard !pairs.isEmpty else {
      return ReportSection(
        id: "nested-translation", title: "Nested translation",
        blocks: [
          .paragraph(intro),
          .paragraph("None of the chosen architectures is a built-in guest with its host among them."),
        ])
    }
    return ReportSection(
      id: "nested-translation", title: "Nested translation", blocks: [.paragraph(intro), .table(table)])
  }

  /// One row a pair.
  var table: DisplayTable {
    let titles = [
      "guest", "host", "guest levels", "host levels", "references, base pages", "references, largest pages",
      "guest page tables", "host page tables, base pages", "host page tables, large pages",
    ]
    var table = DisplayTable(
      id: "nested-translation-table", caption: "Two-dimensional walks and a virtual machine's page tables",
      columns: titles.enumerated().map { DisplayTable.Column($1, numeric: $0 >= 2) })
    for (guest, host) in pairs {
      var items: [Cell] = [
        .text(guest.name), .text(host.name), .integer(UInt128(guest.levelCount)),
        .integer(UInt128(host.levelCount)),
      ]
      do {
        let nested = try NestedTranslation(guest: guest, host: host, machine: Self.machine)
        let fewest = nested.walks.map(\.memoryReferences).min() ?? nested.baseWalk.memoryReferences
        items += [.integer(UInt128(nested.baseWalk.memoryReferences)), .integer(UInt128(fewest))]
        if let tables = nested.tables {
          items += [
            .bytes(tables.guestPageTablePagesPerLevel.reduce(0, +) * guest.pageSize),
            .bytes(tables.host.pageTablePages * host.pageSize),
            .bytes(tables.hostLargePages.pageTablePages * host.pageSize),
          ]
        } else {
          items += Array(repeating: .missing("no machine"), count: 3)
        }
      } catch {
        items += Array(repeating: .missing(error.message), count: 5)
      }
      table.rows.append(DisplayTable.Row(items.map { DisplayTable.Item($0) }, architectures: [guest.name, host.name]))
    }
    return table
  }
}
