namespace Sharpdig.Chisels;

/// <summary>
/// Where chisels are looked for, in order. Like sysdig: the name as given (a path), then
/// ./chisels/, ~/.chisels/ (when it exists), then the install's own folder (share/chisels under
/// SHARPDIG_HOME, which ./sharpdig sets, or found upwards from the binary).
/// SHARPDIG_CHISEL_PATH, a ':'-separated list of folders, replaces all of those folders when set
/// (the name-as-given lookup stays), e.g. SHARPDIG_CHISEL_PATH=/usr/share/sysdig/chisels runs
/// sysdig's own chisel files.
/// Every folder is kept with a trailing '/'; the name-as-given entry is "".
/// </summary>
public sealed class ChiselDirectories
{
    public const string PathVariable = "SHARPDIG_CHISEL_PATH";
    public const string HomeVariable = "SHARPDIG_HOME";

    public IReadOnlyList<string> Entries { get; }

    public ChiselDirectories(IEnumerable<string> folders)
    {
        var list = new List<string> { "" };
        foreach (string f in folders)
        {
            string d = f.Trim();
            if (d.Length == 0) continue;
            list.Add(d.EndsWith('/') ? d : d + "/");
        }
        Entries = list;
    }

    /// <summary>Folders only (without the name-as-given entry), as scanned by -cl.</summary>
    public IEnumerable<string> Folders => Entries.Where(e => e.Length > 0);

    public static ChiselDirectories FromEnvironment()
    {
        string? custom = Environment.GetEnvironmentVariable(PathVariable);
        if (custom is not null) return new ChiselDirectories(custom.Split(':'));

        var folders = new List<string> { "./chisels/" };
        string? home = Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home))
        {
            string user = Path.Combine(home, ".chisels");
            if (Directory.Exists(user)) folders.Add(user);
        }
        string? install = InstallFolder();
        if (install is not null) folders.Add(install);
        return new ChiselDirectories(folders);
    }

    /// <summary>The chisels shipped with sharpdig: $SHARPDIG_HOME/share/chisels, else searched upwards from the binary.</summary>
    public static string? InstallFolder()
    {
        string? home = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrEmpty(home)) return Path.Combine(home, "share", "chisels");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "share", "chisels");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// Finds the file of chisel <paramref name="name"/>: in each entry, NAME.lua first, then NAME
    /// as is. Returns null when nowhere.
    /// </summary>
    public string? Find(string name)
    {
        name = name.Trim();
        foreach (string suffix in new[] { ".lua", "" })
        {
            foreach (string dir in Entries)
            {
                string path = dir + name + suffix;
                if (path.Length > 0 && File.Exists(path)) return path;
            }
        }
        return null;
    }

    /// <summary>The Lua package.path entries that let chisels `require` helpers from these folders.</summary>
    public string LuaPackagePath() => string.Join(";", Entries.Select(e => e + "?.lua"));
}
