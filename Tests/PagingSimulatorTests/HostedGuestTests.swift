import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

/// A simulated guest on a simulated host: one walk through both stages
/// must agree with the guest's tables walked alone (in guest-physical
/// memory) followed by the host's tables walked alone.
@Suite struct HostedGuestTests {
  /// A guest with one process mapping `pages` base pages from `start`, on a
  /// host whose process `vm` maps the guest's `guestMemory` bytes from 0
  /// after four pages of the hypervisor's own.
  static func hosted(
    guest guestName: String, host hostName: String, pages: UInt128, start: UInt128,
    guestMemory: UInt128, hostLargePages: Bool = false
  ) throws -> (HostedGuest, Machine.Process) {
    let guestArch = builtin(guestName)
    let hostArch = builtin(hostName)
    let guest = try Machine(architecture: guestArch, memoryBytes: guestMemory)
    let process = try guest.createProcess()
    try guest.allocate(in: process, AllocationRequest(start: start, count: pages, size: guestArch.pageSize))
    let host = try Machine(architecture: hostArch, memoryBytes: 2 * guestMemory + 64 * hostArch.pageSize + (4 << 20))
    let hypervisor = try host.createProcess(name: "hypervisor")
    try host.allocate(in: hypervisor, AllocationRequest(start: 0, count: 4, size: hostArch.pageSize))
    let vm = try host.createProcess(name: "vm")
    try host.allocate(
      in: vm,
      AllocationRequest(
        start: 0, count: 1, size: guestMemory, largePages: hostLargePages,
        permissions: [.writable, .user, .executable]))
    return (try HostedGuest(guest: guest, host: host, vm: vm), process)
  }

  /// Walks `pointer` both ways and compares every entry: the guest
  /// references against the guest's walk alone, the last host walk against
  /// the host's walk of the guest-physical address; returns the count.
  static func compare(_ hosted: HostedGuest, _ process: Machine.Process, _ pointer: UInt128) throws -> Int {
    let guestArch = hosted.guest.architecture
    let hostArch = hosted.host.architecture
    let guestAlone = try hosted.guest.tableImage().walk(
      pointer, architecture: guestArch,
      rootAddress: guestArch.address(of: process.root))
    let guestPhysical = try #require(guestAlone.physicalAddress)
    let hostAlone = try hosted.host.tableImage().walk(
      UInt128(guestPhysical.rawValue), architecture: hostArch,
      rootAddress: hostArch.address(of: hosted.vm.root))
    let nested = try hosted.translate(pointer, in: process)
    #expect(nested.guestPhysicalAddress == guestPhysical)
    #expect(nested.hostPhysicalAddress == hostAlone.physicalAddress)
    #expect(nested.hostPhysicalAddress != nil)
    let guestReferences = nested.references.filter { $0.stage == .guest }
    #expect(guestReferences.map(\.step.entry) == guestAlone.steps.map(\.entry))
    #expect(guestReferences.map(\.step.index) == guestAlone.steps.map(\.index))
    let dataReferences = nested.references.filter { $0.target == .data }
    #expect(dataReferences.map(\.step.entry) == hostAlone.steps.map(\.entry))
    #expect(dataReferences.map(\.step.entryAddress) == hostAlone.steps.map(\.entryAddress))
    return nested.references.count
  }

  /// x86-64 on x86-64 with base pages: 513 pages from 0x400000 span two
  /// page tables; the first, last and a middle page each take 24 references.
  @Test func fourOnFour() throws {
    let (hosted, process) = try Self.hosted(
      guest: "x86-64", host: "x86-64", pages: 513, start: 0x40_0000, guestMemory: 4 << 20)
    for pointer: UInt128 in [0x40_0000, 0x40_0000 + 300 * 4096 + 0x123, 0x40_0000 + 512 * 4096 + 0xfff] {
      #expect(try Self.compare(hosted, process, pointer) == 24)
    }
    // The hypervisor's four pages come first: guest-physical and
    // host-physical addresses differ, so a walk that confused them would fail.
    let walk = try hosted.translate(0x40_0000, in: process)
    #expect(walk.guestPhysicalAddress != walk.hostPhysicalAddress)
    // The image walk reads in the order the analytic model states.
    let x86 = builtin("x86-64")
    #expect(
      walk.references.map(\.reference)
        == NestedWalk(guest: x86, guestLeafLevel: 3, host: x86, hostLeafLevel: 3).references)
    #expect(try hosted.checkWalks().disagreement == nil)
  }

  /// A host mapping the guest's 8 MiB with 2 MiB pages: each host walk
  /// stops at its PD, 4 + 5 × 3 = 19.
  @Test func hostLargePages() throws {
    let (hosted, process) = try Self.hosted(
      guest: "x86-64", host: "x86-64", pages: 3, start: 0x40_0000,
      guestMemory: 8 << 20, hostLargePages: true)
    #expect(try Self.compare(hosted, process, 0x40_1234) == 19)
  }

  /// Page sizes that differ: a 64 KiB-page guest on a 4 KiB-page host (each
  /// guest table spans 16 host pages, copied piece by piece) and a 4 KiB
  /// guest on a 64 KiB host (several guest tables share a host page).
  /// arm64-64k-48 has 3 levels (L1, L2, L3), x86-64 has 4.
  @Test(arguments: [("arm64-64k-48", "x86-64", 3, 4), ("x86-64", "arm64-64k-48", 4, 3), ("x86-32", "x86-64", 2, 4)])
  func mixedPageSizes(guest: String, host: String, guestLevels: Int, hostLevels: Int) throws {
    let page = builtin(guest).pageSize
    let (hosted, process) = try Self.hosted(
      guest: guest, host: host, pages: 20, start: 16 * page, guestMemory: 16 << 20)
    for pointer in [16 * page, 35 * page + 7] {
      #expect(try Self.compare(hosted, process, pointer) == (guestLevels + 1) * (hostLevels + 1) - 1)
    }
  }

  /// The text dump of both stages reads back as the same image.
  @Test func dumpReadsBack() throws {
    let (hosted, process) = try Self.hosted(
      guest: "x86-64", host: "x86-64", pages: 2, start: 0x40_0000, guestMemory: 1 << 20)
    let image = try MemoryImage.parseDump(hosted.image.textDump(header: "hosted guest"), pageSize: 4096)
    let fromDump = try image.nestedWalk(
      0x40_1000, guest: builtin("x86-64"), guestRoot: hosted.guestRoot(of: process),
      host: builtin("x86-64"), hostRoot: hosted.hostRoot)
    #expect(fromDump.references.count == 24)
    #expect(fromDump.hostPhysicalAddress == (try hosted.translate(0x40_1000, in: process)).hostPhysicalAddress)
  }
}
