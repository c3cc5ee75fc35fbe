using Sharpdig.Chisels.Lua;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Api;

/// <summary>
/// Conventions shared by the C functions that chisels call. A C# callback must neither throw
/// (that would tear down the process) nor raise a Lua error (that would unwind through managed
/// frames). So callbacks that can fail are "checked": they return `true, results...` or
/// `false, message`, and the prelude wraps them in Lua functions that raise the message at the
/// chisel's own line. Callbacks that cannot fail are called directly, with no wrapper cost.
/// </summary>
internal static class ApiCall
{
    /// <summary>The chisel running now; callbacks only run inside its protected calls.</summary>
    public static Chisel Chisel => Chisel.Current ?? throw new InvalidOperationException("chisel API called outside a chisel");

    /// <summary>Pushes `false, message` and returns the result count for a checked callback.</summary>
    public static int Fail(nint L, string message)
    {
        lua_settop(L, 0);
        lua_pushboolean(L, 0);
        LuaState.PushText(L, message);
        return 2;
    }

    /// <summary>Runs a checked callback body: true + its results, or false + the exception's message.</summary>
    public static int Checked(nint L, Func<nint, int> body)
    {
        try
        {
            int n = body(L);           // results are the top n values
            lua_pushboolean(L, 1);
            lua_insert(L, -(n + 1));   // the ok flag goes right below them
            return n + 1;
        }
        catch (Exception e)
        {
            return Fail(L, e.Message);
        }
    }

    /// <summary>Runs an unchecked callback body; an unexpected exception is reported after the Lua call returns.</summary>
    public static int Guarded(nint L, Func<nint, int> body, string what)
    {
        try { return body(L); }
        catch (Exception e)
        {
            if (Chisel.Current is { } c) c.PendingError ??= $"{what}: {e.Message}";
            lua_settop(L, 0);
            return 0;
        }
    }
}
