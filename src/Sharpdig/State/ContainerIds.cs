namespace Sharpdig.State;

/// <summary>
/// Finds a thread's container id in its cgroup paths the way sinsp's runc-style engines do:
/// a 64-hex-digit path component between a known prefix and suffix, reported as its first 12
/// digits. Docker's layouts are tried first (over every cgroup), then the CRI ones.
/// </summary>
public static class ContainerIds
{
    private const int IdLength = 64, ReportedLength = 12;

    private static readonly (string Prefix, string Suffix)[] s_docker = [("/", ""), ("/docker-", ".scope")];
    private static readonly (string Prefix, string Suffix)[] s_cri =
        [("/", ""), ("/crio-", ""), ("/cri-containerd-", ".scope"), ("/crio-", ".scope"), (":cri-containerd:", "")];

    public static string FromCgroups(IReadOnlyList<KeyValuePair<string, string>> cgroups)
    {
        foreach (var layouts in new[] { s_docker, s_cri })
            foreach (var cg in cgroups)
                foreach (var (prefix, suffix) in layouts)
                    if (TryMatch(cg.Value, prefix, suffix, out var id)) return id;
        return "";
    }

    /// <summary>
    /// Whether the container id comes from a Docker cgroup layout (sinsp's docker engine then
    /// registers the container, with its defaults, even when no container event describes it).
    /// </summary>
    public static bool IsDocker(IReadOnlyList<KeyValuePair<string, string>> cgroups)
    {
        for (int i = 0; i < cgroups.Count; i++)
            foreach (var (prefix, suffix) in s_docker)
                if (Matches(cgroups[i].Value, prefix, suffix)) return true;
        return false;
    }

    private static bool TryMatch(string cgroup, string prefix, string suffix, out string id)
    {
        id = "";
        if (!Matches(cgroup, prefix, suffix)) return false;
        int start = cgroup.LastIndexOf(prefix, StringComparison.Ordinal) + prefix.Length;
        id = cgroup.Substring(start, ReportedLength);
        return true;
    }

    // sinsp's match_one_container_id, including its use of an absolute index in the character check.
    private static bool Matches(string cgroup, string prefix, string suffix)
    {
        int start = cgroup.LastIndexOf(prefix, StringComparison.Ordinal);
        if (start < 0) return false;
        start += prefix.Length;
        int end = suffix.Length == 0 ? cgroup.Length : cgroup.LastIndexOf(suffix, StringComparison.Ordinal);
        if (end < 0 || end - start != IdLength) return false;
        int invalid = -1;
        for (int i = start; i < cgroup.Length; i++)
            if (!Uri.IsHexDigit(cgroup[i])) { invalid = i; break; }
        if (invalid >= 0 && invalid < IdLength) return false;
        return true;
    }
}
