import Foundation
import MeritWatch
import TestSupport
import Testing
@testable import MeritServer

/// The HTML leaderboard escapes every text it shows (endpoint names and evidence come from operators
/// and models), marks impostors, and draws intervals and history.
@Test(.tags(.unit)) func leaderboardPageEscapesAndFlags() throws {
    let json = """
    {"windowFrom":1,"windowTo":2,"windowRounds":2,"headDigest":"0xabc","entries":[
     {"rank":1,"endpoint":"<script>x</script>","operatorName":"a&b","model":"m","average":{"value":0.8,"stderr":0.05,"lower95":0.7,"upper95":0.9,"samples":40},
      "tasks":[{"task":"t","metric":"acc","score":{"value":0.8,"stderr":0.05,"lower95":0.7,"upper95":0.9,"samples":40},"rounds":2,"otherMetrics":{}}],
      "availability":1,"availabilityLower95":0.9,"availabilityUpper95":1,"errors":{"timeout":0},"requests":40,
      "latencyP50":12.5,"latencyP99":30,"firstTokenP50":5,"identity":"impostor","identityAgreement":0.1,
      "identityEvidence":[["say \\"hi\\"","<b>","ok"]],"history":[{"round":1,"average":0.7,"stderr":0.05},{"round":2,"average":0.9,"stderr":0.05}]}]}
    """
    let board = try JSONDecoder().decode(Leaderboard.self, from: Data(json.utf8))
    let html = LeaderboardPage.html(board)
    #expect(!html.contains("<script>x") && html.contains("&lt;script&gt;x&lt;/script&gt;"))
    #expect(html.contains("a&amp;b") && html.contains("&lt;b&gt;") && html.contains("&quot;hi&quot;"))
    #expect(html.contains("class=\"flag\"") && html.contains("badge impostor"))
    #expect(html.contains("<polyline") && html.contains("<rect"))
}
