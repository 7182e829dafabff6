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
    let summary = hosted.summary
    let guestName = hosted.guest.guest.architecture.name
    var lines = [render(hosted.run, title: "host of \(guestName)")]
    lines.append("")
    lines.append(
      "  Nested: \(summary.guestPageTablePages) guest + \(summary.hostPageTablePages) host = \(counted(summary.guestPageTablePages + summary.hostPageTablePages, "page-table page"))"
    )
    let roots = summary.guestRoots.map { "\($0.name) at gpa \(formatHex($0.guestPhysicalAddress))" }.joined(
      separator: ", ")
    lines.append("    guest roots (guest-physical): " + (roots.isEmpty ? "none (every process has exited)" : roots))
    lines.append("    host root: vm at pa \(formatHex(summary.hostRoot))")
    if let example = summary.example {
      lines.append(
        "    a TLB miss at \(formatHex(example.pointer)) walks \(counted(example.references, "memory reference")) through both stages"
      )
    }
    if let disagreement = summary.disagreement {
      lines.append(
        "    walks DISAGREE at \(formatHex(disagreement)): one two-stage walk and the two stages walked one after the other give different addresses"
      )
    } else if summary.walksChecked > 0 {
      lines.append(
        "    \(counted(summary.walksChecked, "address", "addresses")) walked through both stages at once agree with the two stages walked one after the other"
      )
    }
    return lines.joined(separator: "\n")
  }
}
