import PagingTeaching
import PagingTestSupport
import Testing

/// Issue 11: the OSTEP programs, byte for byte. Every expected output was
/// produced by running the real Python program with python3 3.11.
@Suite struct FixtureTests {
  @Test func manifestsArePresent() {
    #expect(FixtureCase.all("linear-translate").count >= 70)
    #expect(FixtureCase.all("multilevel-translate").count >= 35)
  }

  @Test(arguments: FixtureCase.all("linear-translate"))
  func linearTranslateMatchesPython(_ fixture: FixtureCase) throws {
    let run = try linearTranslate(fixture.arguments).run()
    #expect(run.standardOutput == (try fixture.expectedOutput()))
    #expect(run.exitStatus == fixture.status)
    #expect(run.failure == fixture.expectedFailure)
  }

  @Test(arguments: FixtureCase.all("multilevel-translate"))
  func multilevelTranslateMatchesPython(_ fixture: FixtureCase) throws {
    let run = try multilevelTranslate(fixture.arguments).run()
    #expect(run.standardOutput == (try fixture.expectedOutput()))
    #expect(run.exitStatus == fixture.status)
    #expect(run.failure == fixture.expectedFailure)
  }

  /// The same arguments given to `paging ostep PROGRAM`: same standard
  /// output, same status; a Python exception is reported on standard error,
  /// a refusal only on standard output (as the Python program does).
  @Test(arguments: FixtureCase.all("linear-translate") + FixtureCase.all("multilevel-translate"))
  func commandLineMatchesPython(_ fixture: FixtureCase) throws {
    let result = try runPaging(["ostep", fixture.program] + fixture.arguments)
    #expect(result.standardOutput == (try fixture.expectedOutput()))
    #expect(result.status == fixture.status)
    switch fixture.outcome {
    case .ok, .refused: #expect(result.standardError == "")
    case .exception: #expect(result.standardError == "error: the Python program stops with \(fixture.message)\n")
    }
  }
}
