import PagingCore
import PagingDescriptors
import PagingScenarios
import PagingSimulator

extension Paging.Simulate {
  /// A guest run on a host: the host's run (one process, `vm`, mapping the
  /// guest's memory), both stages' tables together, and their summary.
  struct HostedRun {
    let guest: HostedGuest
    let run: ScenarioRun
    let summary: HostedGuestSummary
  }

  /// Maps `guestMachine`'s physical memory in a host process and places
  /// its tables there (`--host`).
  func runOnHost(_ guestMachine: Machine) throws -> HostedRun {
    let hostArch = try loadArchitecture(host ?? "")
    let guestArch = guestMachine.architecture
    let guestMemory = UInt128(guestMachine.memory.frameCount) * guestArch.pageSize
    guard guestMemory <= hostArch.guestPhysicalReach else {
      throw CommandFailure(
        option: "--host",
        "\(guestArch.name)'s \(formatBytesExactly(guestMemory)) of guest-physical memory does not fit in \(hostArch.name)'s input addresses, which reach \(formatBytes(hostArch.guestPhysicalReach)) from 0"
      )
    }
    let scenario = Scenario(
      title: "\(guestArch.name)'s guest-physical memory", summary: "command line", architectures: [hostArch.name],
      physicalMemory: nil, kernel: [],
      // The hypervisor's own pages come first, as on a real host, so
      // guest-physical and host-physical addresses differ.
      steps: [
        .create(process: "hypervisor"),
        .allocate(
          process: "hypervisor", start: .pointer(0), count: 1, size: 4 * hostArch.pageSize, layout: .contiguous,
          largePages: false, permissions: [.writable, .user]),
        .create(process: "vm"),
        .allocate(
          process: "vm", start: .pointer(0), count: 1, size: guestMemory, layout: .contiguous,
          largePages: hostLargePages, permissions: [.writable, .user, .executable]),
        .report(label: "guest memory mapped"),
      ])
    // The host's tables, and the image of both stages (a copy of each
    // side's tables, the guest's twice while the walks are checked).
    try hostMemory.check(scenario, on: hostArch, copiesOfTables: 4)
    var hostMachine: Machine? = nil
    let run: ScenarioRun
    do {
      run = try scenario.run(on: hostArch, inspecting: { hostMachine = $0 })
    } catch let error as ScenarioError {
      throw CommandFailure(option: "--host", "\(hostArch.name): \(error.error)")
    }
    guard let hostMachine, let vm = hostMachine.processes.first(where: { $0.name == "vm" }) else {
      throw CommandFailure(option: "--host", "\(hostArch.name): the virtual machine's process did not start")
    }
    do {
      let guest = try HostedGuest(guest: guestMachine, host: hostMachine, vm: vm)
      return HostedRun(guest: guest, run: run, summary: try guest.summary())
    } catch {
      throw CommandFailure(option: "--host", error.description)
    }
  }

  /// The host's counts, then both sides together and the walk check.
  func render(_ hosted: HostedRun) -> String {
    let guestName = hosted.guest.guest.architecture.name
    return hosted.run.text(
      title: "host of \(guestName)", details: Set(show), mappingFilter: mappingFilter.filter)
      + "\n\n" + hosted.summary.text
  }
}
