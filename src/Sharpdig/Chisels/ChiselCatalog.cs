using Sharpdig.Chisels.Lua;

namespace Sharpdig.Chisels;

/// <summary>
/// Finds every listable chisel on the search path (-cl, -i): each NAME.lua in each folder, the
/// first folder winning for a name, run in a fresh interpreter to read what it says about itself.
/// Files that fail to run, views, hidden chisels and helpers without a description are skipped.
/// </summary>
public static class ChiselCatalog
{
    public static List<ChiselDescriptor> Scan(ChiselDirectories directories)
    {
        var found = new List<ChiselDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string folder in directories.Folders)
        {
            string[] files;
            try { files = Directory.GetFiles(folder); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string path in files)
            {
                string file = Path.GetFileName(path);
                int dot = file.LastIndexOf('.');
                if (dot < 0) continue;
                string name = file[..dot], ext = file[(dot + 1)..];
                if (ext is not ("lua" or "sc")) continue;
                if (!seen.Add(name)) continue;
                if (ext == "lua" && TryDescribe(path, name, directories) is { } d) found.Add(d);
            }
        }
        return found;
    }

    /// <summary>Runs one chisel file and reads its descriptor; null when it is not a listable chisel.</summary>
    public static ChiselDescriptor? TryDescribe(string path, string name, ChiselDirectories directories)
    {
        byte[] code;
        try { code = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        try
        {
            using var lua = ChiselInterpreter.Create(directories);
            if (lua.Run(code, "@" + path) is not null) return null;
            return ChiselScript.ReadDescriptor(lua, name);
        }
        catch (ChiselException) { return null; }
    }
}
