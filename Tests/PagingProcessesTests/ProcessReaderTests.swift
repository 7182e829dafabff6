import Foundation
import PagingCore
import PagingProcesses
import PagingTestSupport
import Testing

/// A pagemap that always fails the same way, standing in for the kernel.
struct FailingPagemap: PopulatedPagesSource {
  let failure: PagemapFailure
  func populatedPages(processID: Int32, mappings: [ProcessMapping]) throws(PagemapFailure) -> (
    populated: [PageRun], huge: [HugePageRun]
  ) {
    throw failure
  }
}

/// The live reader on this machine (Linux only), with the pagemap replaced where a failure is wanted.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/pagemap")))
struct ProcessReaderTests {
  /// A child that sleeps, so its memory stays still while it is read twice.
  static func withSleepingChild(_ body: (Int32) throws -> Void) throws {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/bin/sleep")
    child.arguments = ["30"]
    try child.run()
    defer {
      kill(child.processIdentifier, SIGKILL)
      child.waitUntilExit()
    }
    // Wait until it has exec'd: its maps name sleep.
    for _ in 0..<200 {
      if let maps = try? String(contentsOfFile: "/proc/\(child.processIdentifier)/maps", encoding: .utf8),
        maps.contains("sleep")
      {
        break
      }
      usleep(10_000)
    }
    usleep(50_000)
    try body(child.processIdentifier)
  }

  @Test func refusedPagemapFallsBackToTheMappings() throws {
    let reader = try ProcessReader(pages: FailingPagemap(failure: .permissionDenied))
    try Self.withSleepingChild { pid in
      let snapshot = try reader.snapshot(of: .id(pid))
      #expect(snapshot.populated == nil)
      #expect(!snapshot.mappings.isEmpty)
      let analysis = try ProcessAnalysis(snapshot)
      #expect(analysis.isUpperBound)
      #expect(analysis.comparison == .upperBound)
      // Every table the kernel holds serves some mapped page.
      let reported = try #require(analysis.reportedVmPTEBytes)
      #expect(analysis.predictedVmPTEBytes >= reported)
    }
  }

  @Test func aProcessThatEndsWhileReadIsSaidSo() throws {
    let reader = try ProcessReader(pages: FailingPagemap(failure: .processExited))
    #expect(throws: ProcessError.exitedWhileRead(currentProcessID())) { try reader.snapshot(of: .current) }
  }

  @Test func noSuchProcess() throws {
    // Above the largest process id Linux allows (2^22).
    #expect(throws: ProcessError.noSuchProcess(2_000_000_000)) { try ProcessReader().snapshot(of: .id(2_000_000_000)) }
  }

  @Test func kernelThreadsAreRefused() throws {
    // kthreadd is process 2 wherever the kernel starts it.
    guard let status = try? String(contentsOfFile: "/proc/2/status", encoding: .utf8), status.contains("Kthread:\t1")
    else { return }
    #expect(throws: ProcessError.kernelThread(2)) { try ProcessReader().snapshot(of: .id(2)) }
  }

  @Test func scanAndReadAgreeOnAStillProcess() throws {
    try Self.withSleepingChild { pid in
      let scanned = try ProcessReader(pages: LivePagemap(method: .scan)).snapshot(of: .id(pid))
      let read = try ProcessReader(pages: LivePagemap(method: .read)).snapshot(of: .id(pid))
      #expect(scanned.populated == read.populated)
      #expect(scanned.hugePages == read.hugePages)
      #expect(try #require(scanned.populated).count > 3)
    }
  }

  /// Huge pages and the huge zero page found by PAGEMAP_SCAN, and placed by
  /// the older kernels' way (smaps counts, frames checked) at the same blocks.
  @Test func hugePagesFoundBothWays() throws {
    let program = try LayoutsProgram()
    #expect(program.line().hasPrefix("ready"))
    _ = try program.make("thp")
    let scanned = try ProcessReader(pages: LivePagemap(method: .scan)).snapshot(of: .id(program.pid))
    let read = try ProcessReader(pages: LivePagemap(method: .read)).snapshot(of: .id(program.pid))
    #expect(scanned.populated == read.populated)
    let region: UInt64 = 0x3000_0000_0000 + 5 * (512 << 30)
    let inRegion = scanned.hugePages.filter { $0.start >= region && $0.start < region + (6 << 20) }
    let enabled = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
    guard enabled.contains("[always]") || enabled.contains("[madvise]") else { return }
    // The two written blocks are anonymous huge pages (and the read one the
    // huge zero page, when the kernel uses it).
    #expect(inRegion.first == HugePageRun(start: region, count: inRegion.first?.count ?? 0, anonymous: true))
    #expect((inRegion.first?.count ?? 0) >= 2)
    // smaps counts no huge zero page, so the fallback finds the two written blocks only.
    let readInRegion = read.hugePages.filter { $0.start >= region && $0.start < region + (6 << 20) }
    #expect(readInRegion == [HugePageRun(start: region, count: 2, anonymous: true)])
  }

  @Test func aStillProcessAgreesWithTheKernel() throws {
    try Self.withSleepingChild { pid in
      let analysis = try ProcessAnalysis(ProcessReader().snapshot(of: .id(pid)))
      #expect(analysis.comparison == .agrees)
      #expect(analysis.snapshot.mappings.allSatisfy { $0.name != "[vsyscall]" && $0.end <= 1 << 56 })
    }
  }
}

/// The test process's id.
func currentProcessID() -> Int32 { ProcessInfo.processInfo.processIdentifier }
