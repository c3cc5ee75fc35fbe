using Sharpdig.Events;

namespace Sharpdig.Capture.Live;

/// <summary>
/// How one x86_64 syscall becomes events: the enter/exit event codes of the 0.29.3 table (0/1 =
/// the generic `syscall` event) and what the kernel must copy on enter and on exit. Recipe item
/// positions are what the decoder asks blobs by (item i of the enter or exit list).
/// </summary>
internal sealed record SyscallRecipe(int Nr, string Name, int EnterEvent, int ExitEvent,
    CaptureItem[] Enter, CaptureItem[] Exit)
{
    public bool IsGeneric => EnterEvent == EventTable.Codes.GenericE;
}

/// <summary>The recipe for every syscall number, and the ppm_sc id generic events carry.</summary>
internal static partial class SyscallRecipes
{
    public const int MaxSyscalls = 512;
    public const int MaxItems = 8;

    private static readonly SyscallRecipe?[] s_byNr = Build();
    private static readonly ushort[] s_ppmSc = BuildPpmSc();

    /// <summary>The x86_64 number of a syscall name (-1 if unknown).</summary>
    public static int NrOf(string name) => Array.IndexOf(LinuxSyscalls.Names, name);

    public static SyscallRecipe? Get(int nr) => (uint)nr < (uint)s_byNr.Length ? s_byNr[nr] : null;

    public static IEnumerable<SyscallRecipe> All => s_byNr.Where(r => r is not null)!;

    /// <summary>The ppm_sc id of a syscall number (0 when the 0.29.3 table has no such syscall).</summary>
    public static ushort PpmScId(int nr) => (uint)nr < (uint)s_ppmSc.Length ? s_ppmSc[nr] : (ushort)0;

    private static ushort[] BuildPpmSc()
    {
        var byName = new Dictionary<string, ushort>();
        var names = SymbolTables.SyscallNames;
        for (int i = 1; i < names.Length; i++)
            if (names[i] is { } n) byName.TryAdd(n, (ushort)i);
        var result = new ushort[LinuxSyscalls.Names.Length];
        for (int nr = 0; nr < result.Length; nr++)
        {
            var name = LinuxSyscalls.Names[nr];
            if (name is null) continue;
            if (name == "rt_sigreturn") name = "sigreturn";
            result[nr] = byName.GetValueOrDefault(name);
        }
        return result;
    }

    private static SyscallRecipe?[] Build()
    {
        var table = new SyscallRecipe?[MaxSyscalls];
        var nrByName = new Dictionary<string, int>();
        for (int nr = 0; nr < LinuxSyscalls.Names.Length; nr++)
            if (LinuxSyscalls.Names[nr] is { } n) nrByName[n] = nr;

        void Add(string name, int enter, int exit, CaptureItem[] enterItems, CaptureItem[] exitItems)
        {
            if (!nrByName.TryGetValue(name, out int nr)) return;
            if (enterItems.Length > MaxItems || exitItems.Length > MaxItems)
                throw new InvalidOperationException($"recipe for {name} has too many items");
            table[nr] = new SyscallRecipe(nr, name, enter, exit, enterItems, exitItems);
        }

        AddFileRecipes(Add);
        AddNetworkRecipes(Add);
        AddProcessRecipes(Add);
        AddOtherRecipes(Add);
        AddQuotaRecipes(Add);

        for (int nr = 0; nr < LinuxSyscalls.Names.Length; nr++)
            if (table[nr] is null && LinuxSyscalls.Names[nr] is { } name)
                table[nr] = new SyscallRecipe(nr, name, EventTable.Codes.GenericE, EventTable.Codes.GenericX, [], []);
        return table;
    }

    private delegate void AddRecipe(string name, int enter, int exit, CaptureItem[] enterItems, CaptureItem[] exitItems);

    // Short names for recipe items.
    private static CaptureItem Str(int arg, CaptureWhen when = CaptureWhen.Always) => new(CaptureKind.String, (byte)arg, 0, when);
    private static CaptureItem BufRet(int arg) => new(CaptureKind.BufferRetLength, (byte)arg);
    private static CaptureItem Fixed(int arg, int size, CaptureWhen when = CaptureWhen.Always) => new(CaptureKind.Fixed, (byte)arg, (byte)size, when);
    private static CaptureItem Item(CaptureKind kind, int arg = 0, int aux = 0, CaptureWhen when = CaptureWhen.Always) => new(kind, (byte)arg, (byte)aux, when);
}
