using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// The raw C API of LuaJIT 2.1 (the Lua 5.1 API), bound with source-generated P/Invoke so it works
/// under NativeAOT. sysdig 0.29.3 runs its chisels on this same engine, so chisels written for it
/// (5.1 dialect, numbers are doubles, %d truncates, tostring(2.0) is "2") behave identically here.
/// Macros of lua.h (lua_pop, lua_getglobal, ...) are re-created as small inline helpers.
///
/// [SuppressGCTransition] marks the calls that are short and never run Lua code, so never call
/// back into managed code: stack and type queries, pushes, raw reads. (lua_pushlstring and
/// lua_tolstring allocate, and a Lua GC step can run __gc finalizers; chisels do not define any,
/// and the runtime would stop with a clear error rather than corrupt state if one did.)
/// These run several times per event in evt.field, where the transition is most of the cost.
/// </summary>
internal static unsafe partial class LuaNative
{
    private const string Lib = "libluajit-5.1.so.2";

    public const int RegistryIndex = -10000;
    public const int GlobalsIndex = -10002;
    public const int MultipleResults = -1;

    public const int TypeNone = -1, TypeNil = 0, TypeBoolean = 1, TypeLightUserData = 2, TypeNumber = 3,
        TypeString = 4, TypeTable = 5, TypeFunction = 6, TypeUserData = 7, TypeThread = 8;

    public const int Ok = 0, ErrRun = 2, ErrSyntax = 3, ErrMem = 4, ErrErr = 5, ErrFile = 6;

    [LibraryImport(Lib)] public static partial nint luaL_newstate();
    [LibraryImport(Lib)] public static partial void luaL_openlibs(nint L);
    [LibraryImport(Lib)] public static partial void lua_close(nint L);
    [LibraryImport(Lib)] public static partial int luaL_loadbuffer(nint L, byte* buff, nuint size, byte* name);
    [LibraryImport(Lib)] public static partial int lua_pcall(nint L, int nargs, int nresults, int errfunc);

    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_gettop(nint L);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_settop(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushvalue(nint L, int idx);
    [LibraryImport(Lib)] public static partial void lua_remove(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_insert(nint L, int idx);
    [LibraryImport(Lib)] public static partial int lua_checkstack(nint L, int size);

    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_type(nint L, int idx);
    [LibraryImport(Lib)] public static partial int lua_isstring(nint L, int idx);
    [LibraryImport(Lib)] public static partial int lua_isnumber(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial double lua_tonumber(nint L, int idx);
    [LibraryImport(Lib)] public static partial nint lua_tointeger(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_toboolean(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial byte* lua_tolstring(nint L, int idx, nuint* len);
    [LibraryImport(Lib)] public static partial nuint lua_objlen(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void* lua_touserdata(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void* lua_topointer(nint L, int idx);

    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushnil(nint L);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushnumber(nint L, double n);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushinteger(nint L, nint n);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushlstring(nint L, byte* s, nuint len);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushboolean(nint L, int b);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushlightuserdata(nint L, void* p);
    [LibraryImport(Lib)] public static partial void lua_pushcclosure(nint L, delegate* unmanaged<nint, int> fn, int n);

    [LibraryImport(Lib)] public static partial void lua_getfield(nint L, int idx, byte* k);
    [LibraryImport(Lib)] public static partial void lua_setfield(nint L, int idx, byte* k);
    [LibraryImport(Lib)] public static partial void lua_gettable(nint L, int idx);
    [LibraryImport(Lib)] public static partial void lua_settable(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_rawget(nint L, int idx);
    [LibraryImport(Lib)] public static partial void lua_rawset(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_rawgeti(nint L, int idx, int n);
    [LibraryImport(Lib)] public static partial void lua_rawseti(nint L, int idx, int n);
    [LibraryImport(Lib)] public static partial void lua_createtable(nint L, int narr, int nrec);
    [LibraryImport(Lib)] public static partial int lua_next(nint L, int idx);
    [LibraryImport(Lib)] public static partial int luaL_ref(nint L, int t);

    public static int UpvalueIndex(int i) => GlobalsIndex - i;
    public static void Pop(nint L, int n) => lua_settop(L, -n - 1);
    public static bool IsNoneOrNil(nint L, int idx) => lua_type(L, idx) <= TypeNil;
}
