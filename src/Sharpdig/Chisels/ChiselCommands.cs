namespace Sharpdig.Chisels;

/// <summary>The two chisel commands that need no capture: -cl (list) and -i NAME (describe).</summary>
public static class ChiselCommands
{
    /// <summary>-cl / --list-chisels: every listable chisel on the search path, by category.</summary>
    public static void List(Stream output) => List(ChiselDirectories.FromEnvironment(), output);

    public static void List(ChiselDirectories directories, Stream output) =>
        ChiselListing.PrintList(ChiselCatalog.Scan(directories), output);

    /// <summary>-i NAME: one chisel's description and arguments; throws when it is not in the list.</summary>
    public static void Describe(string name, Stream output) => Describe(ChiselDirectories.FromEnvironment(), name, output);

    public static void Describe(ChiselDirectories directories, string name, Stream output)
    {
        var found = ChiselCatalog.Scan(directories).FirstOrDefault(c => c.Name == name)
            ?? throw new ChiselException($"chisel {name} not found - use -cl to list them.");
        ChiselListing.PrintInfo(found, output);
    }
}
