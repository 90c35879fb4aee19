using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Hosting;

public static class CustomHandlerEndpoints
{
    /// <summary>Maps <c>POST /{FunctionName}</c> for every registered <see cref="IQueueFunction"/>: the custom-handler contract.</summary>
    public static IEndpointRouteBuilder MapCustomHandlerFunctions(this IEndpointRouteBuilder endpoints)
    {
        CustomHandlerInvoker invoker = endpoints.ServiceProvider.GetRequiredService<CustomHandlerInvoker>();
        foreach (IQueueFunction function in endpoints.ServiceProvider.GetServices<IQueueFunction>())
        {
            endpoints.MapPost("/" + function.Name, context => invoker.InvokeAsync(function, context));
        }

        return endpoints;
    }
}
