using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Chisels;

/// <summary>
/// Each chisel of ours (share/chisels) on a real capture, against what the real sysdig 0.29.3
/// prints with its own chisel of the same name and arguments.
/// </summary>
public class OurChiselsTests
{
    /// <summary>How outputs are compared.</summary>
    public enum Compare
    {
        /// <summary>Byte for byte.</summary>
        Exact,
        /// <summary>
        /// Sorted tables: sysdig's Lua orders rows of equal value at random, so rows with the same
        /// sort key (first field, or for key TAB count lines the count) are put in one order first.
        /// </summary>
        Ties,
        /// <summary>Same lines in any order (sysdig prints in hash-table order).</summary>
        Lines,
    }

    public static TheoryData<string, string, string, Compare> Cases => new()
    {
        { "topfiles_bytes", "", "curl_google.scap", Compare.Ties },
        { "topfiles_time", "", "curl_google.scap", Compare.Ties },
        { "topfiles_errors", "", "curl_google.scap", Compare.Ties },
        { "topprocs_file", "", "falco_cat_write.scap", Compare.Ties },
        { "topprocs_net", "", "single_ipv6_conn.scap", Compare.Ties },
        { "topprocs_errors", "", "curl_google.scap", Compare.Ties },
        { "topprocs_cpu", "", "falco_syscall.scap", Compare.Ties },
        { "topscalls", "", "curl_google.scap", Compare.Ties },
        { "topscalls_time", "", "curl_google.scap", Compare.Ties },
        { "topconns", "", "curl_google.scap", Compare.Ties },
        { "topports_server", "", "single_ipv6_conn.scap", Compare.Ties },
        { "topcontainers_cpu", "", "curl_google.scap", Compare.Ties },
        { "topcontainers_error", "", "curl_google.scap", Compare.Ties },
        { "topcontainers_file", "", "curl_google.scap", Compare.Ties },
        { "topcontainers_net", "", "curl_google.scap", Compare.Ties },
        { "fdbytes_by", "proc.name", "curl_google.scap", Compare.Ties },
        { "fdtime_by", "fd.name", "curl_google.scap", Compare.Ties },
        { "fdcount_by", "proc.name", "curl_google.scap", Compare.Ties },
        { "fileslower", "0", "curl_google.scap", Compare.Exact },
        { "scallslower", "5", "curl_google.scap", Compare.Exact },
        { "netlower", "0", "curl_google.scap", Compare.Exact },
        { "stdin", "", "curl_google.scap", Compare.Exact },
        { "stdout", "", "curl_google.scap", Compare.Exact },
        { "stderr", "", "falco_cat_write.scap", Compare.Exact },
        { "echo_fds", "", "single_ipv6_conn.scap", Compare.Exact },
        { "spy_file", "", "falco_cat_write.scap", Compare.Exact },
        { "spy_ip", "2001:db8::4", "single_ipv6_conn.scap", Compare.Exact },
        { "spy_port", "80", "curl_google.scap", Compare.Exact },
        { "spy_users", "", "curl_google.scap", Compare.Exact },
        { "spy_logs", "", "falco_cat_write.scap", Compare.Exact },
        { "spy_syslog", "", "curl_google.scap", Compare.Exact },
        { "proc_exec_time", "", "curl_google.scap", Compare.Exact },
        { "list_login_shells", "", "curl_google.scap", Compare.Exact },
        { "bottlenecks", "", "curl_google.scap", Compare.Exact },
        { "iobytes", "", "curl_google.scap", Compare.Exact },
        { "iobytes_file", "", "curl_google.scap", Compare.Exact },
        { "iobytes_net", "", "curl_google.scap", Compare.Exact },
        { "httplog", "", "curl_google.scap", Compare.Exact },
        { "httptop", "", "curl_google.scap", Compare.Ties },
        { "memcachelog", "", "curl_google.scap", Compare.Exact },
        { "shellshock_detect", "", "curl_google.scap", Compare.Exact },
        { "tracers_2_statsd", "", "falco_cat_write.scap", Compare.Exact },
        { "ps", "", "curl_google.scap", Compare.Exact },
        { "lsof", "", "curl_google.scap", Compare.Lines },
        { "netstat", "", "single_ipv6_conn.scap", Compare.Lines },
        { "lscontainers", "", "curl_google.scap", Compare.Exact },
        { "spectrogram", "", "curl_google.scap", Compare.Exact },
        { "subsecoffset", "", "curl_google.scap", Compare.Exact },
        { "around", "/tmp/sharpdig-around-unused.scap", "curl_google.scap", Compare.Exact },
    };

    /// <summary>
    /// Differences that come from the engine under the chisels, not from the chisels: sysdig's own
    /// chisel files running on sharpdig differ the same way. Remove an entry when its gap is fixed.
    /// </summary>
    private static readonly Dictionary<string, string> s_engineGaps = new()
    {
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void PrintsWhatSysdigPrints(string chisel, string args, string capture, Compare compare)
    {
        Skip.IfNot(File.Exists(ToolRunner.SysdigPath), "the real sysdig is not installed");
        Skip.If(s_engineGaps.TryGetValue(chisel, out string? gap), "engine gap: " + gap);
        string file = Path.Combine(TestPaths.RequireShared("corpus"), capture);
        string[] argv = args.Length == 0 ? ["-r", file, "-c", chisel] : ["-r", file, "-c", chisel, args];
        string expected = ToolRunner.RunSysdig(argv);
        var (_, actual) = ToolRunner.RunSharpdig(argv);
        Assert.Equal(Normalize(expected, compare), Normalize(actual, compare));
    }

    [SkippableFact]
    public void EveryChiselOfOursIsTested()
    {
        string dir = Path.Combine(TestPaths.RepoRoot, "share", "chisels");
        var listed = Sharpdig.Chisels.ChiselCatalog.Scan(new Sharpdig.Chisels.ChiselDirectories([dir])).Select(c => c.Name);
        var tested = Cases.Select(row => (string)row[0]).Append("udp_extract");   // writes files: see UdpExtractTests
        Assert.Empty(listed.Except(tested));
    }

    /// <summary>
    /// The conformance harness's tie rules: in a table block (the rows after a line of 20+ dashes,
    /// up to a blank or dashes line), rows with the same sort key are sorted; in a full top-N table
    /// (10 or 30 rows) the rows of the last tie group are reduced to their key, since which of
    /// them made the cut is random in sysdig; runs of "key TAB count" lines are sorted within counts.
    /// </summary>
    [SkippableFact]
    public void OurSetHasEveryChiselSysdigLists()
    {
        // The names in sysdig's -cl output (lines starting with a name; long names stand alone).
        string golden = File.ReadAllText(Path.Combine(TestPaths.RequireShared("conformance/golden"), "list-chisels-fcw.out"));
        var sysdigs = golden.Split('\n')
            .Where(l => l.Length > 0 && char.IsLower(l[0]) && !l.StartsWith("Use the", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[0]).ToHashSet();
        string dir = Path.Combine(TestPaths.RepoRoot, "share", "chisels");
        var ours = Sharpdig.Chisels.ChiselCatalog.Scan(new Sharpdig.Chisels.ChiselDirectories([dir])).Select(c => c.Name).ToHashSet();
        Assert.Equal(50, sysdigs.Count);
        Assert.Equal(sysdigs.Order(), ours.Order());
    }

    internal static string Normalize(string text, Compare compare)
    {
        var lines = text.Split('\n').ToList();
        if (compare == Compare.Exact) return text;
        if (compare == Compare.Lines) { lines.Sort(StringComparer.Ordinal); return string.Join('\n', lines); }
        var result = new List<string>();
        int i = 0;
        while (i < lines.Count)
        {
            if (IsRule(lines[i]))
            {
                result.Add(lines[i++]);
                int end = i;
                while (end < lines.Count && lines[end].Length > 0 && !IsRule(lines[end])) end++;
                result.AddRange(NormalizeBlock(lines.GetRange(i, end - i), TableKey));
                i = end;
            }
            else if (lines[i].Contains('\t'))
            {
                int end = i;
                while (end < lines.Count && lines[end].Contains('\t')) end++;
                result.AddRange(end - i >= 2 ? NormalizeBlock(lines.GetRange(i, end - i), CountKey, topN: false) : lines.GetRange(i, end - i));
                i = end;
            }
            else result.Add(lines[i++]);
        }
        return string.Join('\n', result);
    }

    private static bool IsRule(string line) => line.Length >= 20 && line.All(c => c == '-');

    private static List<string> NormalizeBlock(List<string> rows, Func<string, string> key, bool topN = true)
    {
        var groups = new List<List<string>>();
        foreach (var row in rows)
        {
            if (groups.Count > 0 && key(groups[^1][0]) == key(row)) groups[^1].Add(row);
            else groups.Add([row]);
        }
        foreach (var g in groups) g.Sort(StringComparer.Ordinal);
        if (topN && rows.Count is 10 or 30 && groups[^1].Count > 1)
            groups[^1] = groups[^1].Select(r => key(r) + " <tied row>").ToList();
        return groups.SelectMany(g => g).ToList();
    }

    private static string TableKey(string row)
    {
        var fields = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0) return "";
        return char.IsDigit(fields[0][0]) ? fields[0] : fields[^1];
    }

    private static string CountKey(string row) => row[(row.LastIndexOf('\t') + 1)..];
}
