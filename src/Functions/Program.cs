var b = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args); var app = b.Build(); app.Run();
