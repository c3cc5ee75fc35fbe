namespace Sharpdig.Chisels;

/// <summary>One entry of a chisel's `args` table.</summary>
public sealed record ChiselArgument(string Name, string Type, string Description, bool Optional);

/// <summary>What a chisel file says about itself: the globals sysdig reads to list and describe it.</summary>
public sealed record ChiselDescriptor(
    string Name,
    string Description,
    string ShortDescription,
    string Category,
    IReadOnlyList<ChiselArgument> Args)
{
    public int RequiredArgCount => Args.Count(a => !a.Optional);
    public int OptionalArgCount => Args.Count(a => a.Optional);
}
