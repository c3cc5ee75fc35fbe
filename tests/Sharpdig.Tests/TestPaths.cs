using System.Runtime.CompilerServices;
using Xunit;

namespace Sharpdig.Tests;

/// <summary>Where the repository and the shared reference data are, seen from a test.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared beside the checkout (CI lays it there).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
    public static string Corpus => Path.Combine(Shared, "corpus");
    public static string Conformance => Path.Combine(Shared, "conformance");
    public static string Docs => Path.Combine(Shared, "docs");
    /// <summary>The captures of ../shared/corpus, by file name.</summary>
    public static readonly string[] CorpusCaptures =
    [
        "curl_google.scap", "curl_google_comments.scap", "falco_cat_write.scap", "falco_empty.scap",
        "falco_ping_sendto.scap", "falco_syscall.scap", "psp_write_tmp_test.scap", "single_ipv6_conn.scap",
    ];

    /// <summary>The corpus captures sysdig 0.29.3 can read (it refuses curl_google_comments.scap).</summary>
    public static readonly string[] SysdigReadableCaptures = [.. CorpusCaptures.Where(c => c != "curl_google_comments.scap")];

    public static bool IsCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>
    /// Returns the shared folder, or skips the calling test with a visible reason when it is
    /// missing. Under CI a missing folder is a failure, not a skip.
    /// </summary>
    public static string RequireShared(string sub = "")
    {
        string path = Path.Combine(Shared, sub);
        if (Directory.Exists(path) || File.Exists(path)) return path;
        string msg = $"shared reference data not found at {path}";
        if (IsCi) Assert.Fail(msg + " (CI must lay ../shared beside the checkout)");
        Skip.If(true, msg);
        return path;
    }

    private static string FindRepoRoot([CallerFilePath] string here = "")
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        // The test bin folder holds a "sharpdig" apphost too: the root is where src/ sits beside it.
        while (dir is not null && !(File.Exists(Path.Combine(dir.FullName, "sharpdig"))
                                    && Directory.Exists(Path.Combine(dir.FullName, "src")))) dir = dir.Parent;
        return dir?.FullName ?? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));
    }
}
