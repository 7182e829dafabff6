import PagingCore
import PagingDescriptors
import Testing

@testable import PagingReports

/// The report's nested-translation row for x86-64 on four-level EPT, worked
/// out by hand for its machine (4 GiB of guest-physical memory, four
/// processes mapping 256 MiB each from 0).
@Suite struct NestedSectionTests {
  @Test func x86OnEPTByHand() throws {
    let guest = try #require(BuiltinArchitectures.named("x86-64"))
    let host = try #require(BuiltinArchitectures.named("x86-64-ept4"))
    let table = NestedSection(pairs: [(guest, host)]).table
    let cells = try #require(table.rows.first).items.map(\.cell)
    // (4 + 1)(4 + 1) - 1 = 24; with 1 GiB pages in both stages a guest read
    // of 2 levels and 3 host walks of 2: 2 + 3 × 2 = 8.
    #expect(cells[4] == .integer(24))
    #expect(cells[5] == .integer(8))
    // A process: 256 MiB / 2 MiB = 128 PTs, one PD, PDPT and PML4: 131
    // pages; four processes 524 pages of 4 KiB.
    #expect(cells[6] == .bytes(524 * 4096))
    // The host maps 4 GiB: 4 GiB / 2 MiB = 2048 PTs, 4 PDs, a PDPT and the
    // PML4: 2054 pages; with 1 GiB pages, the PDPT and the PML4: 2.
    #expect(cells[7] == .bytes(2054 * 4096))
    #expect(cells[8] == .bytes(2 * 4096))
    #expect(table.rows.first?.architectures == ["x86-64", "x86-64-ept4"])
  }
}
