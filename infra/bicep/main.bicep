targetScope = 'subscription'

metadata description = 'NstFunctions: the neural style transfer pipeline on Azure Functions on Container Apps (azd template shape).'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource.')
param location string

@description('Object id of the deployer (azd sets AZURE_PRINCIPAL_ID); gets data roles for drops and secrets. Empty = none.')
param principalId string = ''

@allowed([ 'User', 'ServicePrincipal', 'Group' ])
param principalType string = 'User'

@description('Custom-handler image (registry/repository:tag). Empty on the first provision: a placeholder runs until azd deploy sets ours.')
param functionImage string = ''

@description('Serverless GPU workload profile type, e.g. Consumption-GPU-NC8as-T4 or Consumption-GPU-NC24-A100; empty = CPU only.')
param gpuWorkloadProfileType string = ''

@description('Workload profile the function app runs on; empty = the GPU profile when there is one, else Consumption.')
param workloadProfileName string = ''

@description('vCPU per replica (Consumption allows up to 4; GPU profiles size by their type).')
param functionCpu string = '2.0'

@description('Memory per replica (Consumption: 2 GiB per vCPU).')
param functionMemory string = '4Gi'

@minValue(0)
@description('Replicas kept warm; 0 scales to zero between drops (the first message then waits for a cold start).')
param functionMinReplicas int = 0

@minValue(1)
@maxValue(300)
param functionMaxReplicas int = 10

@description('Nst__Model: models/vgg19.safetensors once uploaded, or random:SEED for a smoke test.')
param model string = 'random:0'

@minValue(5)
@maxValue(300)
@description('Nst__ChunkSeconds: a chunk\'s time budget. At most half of host.json\'s functionTimeout (10 min), so a slow chunk still commits.')
param chunkSeconds int = 60

@minValue(1)
param maxPixels int = 40000000

@description('Nst__Webhook__Url: default webhook for every job; empty = none.')
param webhookUrl string = ''

@secure()
@description('Standard Webhooks secret (whsec_ + base64 key bytes), stored in Key Vault; empty = no secret.')
param webhookSecret string = ''

param webhookAllowPrivateNetworks bool = false

@secure()
@description('Nst__ApiKey, stored in Key Vault; empty = the Functions host\'s keys protect the API.')
param apiKey string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var gpuProfileName = 'gpu'
var effectiveWorkloadProfile = !empty(workloadProfileName) ? workloadProfileName : (empty(gpuWorkloadProfileType) ? 'Consumption' : gpuProfileName)
// A public Functions image keeps the first provision valid before our image exists in the registry.
var placeholderImage = 'mcr.microsoft.com/azure-functions/dotnet8-quickstart-demo:1.0'

// Storage Blob Data Owner: the Functions host's own containers (azure-webjobs-*) and the pipeline's blobs, leases included.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Storage Blob Data Contributor: the deployer uploads styles, drops and models.
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
// Storage Queue Data Contributor: create, peek, read and delete messages (queue triggers, poison queues).
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
// Storage Queue Data Message Processor: peek, receive and delete messages (the queue trigger's minimum).
var storageQueueDataMessageProcessorRoleId = '8a0f0c08-91a1-4084-bc3d-661d67233fed'
// Storage Queue Data Message Sender: enqueue the next chunk and webhooks, and move to -poison.
var storageQueueDataMessageSenderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
// Key Vault Secrets User: resolve the Key Vault references in app settings.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
// Key Vault Secrets Officer: the deployer rotates the webhook secret and API key.
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
// AcrPull: the function app pulls its image with the user-assigned identity.
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

// Identity of the function app, created first so its roles exist before the app starts.
module identity 'core/security/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

// Storage account with shared keys off: every client uses Entra ID.
module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
  }
}

// Containers styles/inbox/outbox/jobs/models and the three queues with their -poison twins.
module storageLayout 'app/storage-layout.bicep' = {
  name: 'storage-layout'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
  }
}

// Event Grid: BlobCreated under inbox/ → nst-inbox, delivered with the system topic's identity.
module eventGrid 'app/event-grid.bicep' = {
  name: 'event-grid'
  scope: rg
  params: {
    name: '${abbrs.eventGridSystemTopics}${resourceToken}'
    subscriptionName: '${abbrs.eventGridEventSubscriptions}inbox-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
  dependsOn: [
    storageLayout
  ]
}

// Log Analytics workspace for the Container Apps environment and Application Insights.
module logAnalytics 'core/monitor/log-analytics.bicep' = {
  name: 'log-analytics'
  scope: rg
  params: {
    name: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
  }
}

// Application Insights for the Functions host's telemetry.
module appInsights 'core/monitor/application-insights.bicep' = {
  name: 'application-insights'
  scope: rg
  params: {
    name: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceId: logAnalytics.outputs.id
  }
}

// Container Apps environment: Consumption profile, plus a serverless GPU profile when asked for.
module containerAppsEnvironment 'core/host/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    name: '${abbrs.appManagedEnvironments}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceName: logAnalytics.outputs.name
    extraWorkloadProfiles: empty(gpuWorkloadProfileType) ? [] : [
      {
        name: gpuProfileName
        workloadProfileType: gpuWorkloadProfileType
      }
    ]
  }
}

// Container registry that azd pushes the custom-handler image to.
module registry 'core/host/container-registry.bicep' = {
  name: 'container-registry'
  scope: rg
  params: {
    name: '${abbrs.containerRegistryRegistries}${resourceToken}'
    location: location
    tags: tags
  }
}

// Key Vault (RBAC mode) holding the webhook secret and the API key.
module keyVault 'core/security/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
  }
}

// The webhook secret, when one is given.
module webhookSecretEntry 'core/security/key-vault-secret.bicep' = if (!empty(webhookSecret)) {
  name: 'webhook-secret'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    secretName: 'nst-webhook-secret'
    value: webhookSecret
  }
}

// The API key, when one is given.
module apiKeyEntry 'core/security/key-vault-secret.bicep' = if (!empty(apiKey)) {
  name: 'api-key'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    secretName: 'nst-api-key'
    value: apiKey
  }
}

// The app's identity on the storage account: blobs, queue triggers and enqueueing.
module appStorageRoles 'core/security/storage-roles.bicep' = {
  name: 'app-storage-roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIds: [
      storageBlobDataOwnerRoleId
      storageQueueDataContributorRoleId
      storageQueueDataMessageProcessorRoleId
      storageQueueDataMessageSenderRoleId
    ]
  }
}

// The app's identity reads the Key Vault references.
module appKeyVaultRoles 'core/security/key-vault-roles.bicep' = {
  name: 'app-key-vault-roles'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIds: [
      keyVaultSecretsUserRoleId
    ]
  }
}

// The app's identity pulls its image.
module appRegistryRoles 'core/security/registry-roles.bicep' = {
  name: 'app-registry-roles'
  scope: rg
  params: {
    registryName: registry.outputs.name
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIds: [
      acrPullRoleId
    ]
  }
}

// The deployer drops photos and uploads styles and models with az --auth-mode login.
module deployerStorageRoles 'core/security/storage-roles.bicep' = if (!empty(principalId)) {
  name: 'deployer-storage-roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [
      storageBlobDataContributorRoleId
      storageQueueDataContributorRoleId
    ]
  }
}

// The deployer rotates secrets in the vault.
module deployerKeyVaultRoles 'core/security/key-vault-roles.bicep' = if (!empty(principalId)) {
  name: 'deployer-key-vault-roles'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [
      keyVaultSecretsOfficerRoleId
    ]
  }
}

// The Functions host running our custom handler on the Container Apps environment.
module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: '${abbrs.webSitesFunctions}${resourceToken}'
    location: location
    tags: tags
    managedEnvironmentId: containerAppsEnvironment.outputs.id
    workloadProfileName: effectiveWorkloadProfile
    image: !empty(functionImage) ? functionImage : placeholderImage
    registryLoginServer: registry.outputs.loginServer
    cpu: functionCpu
    memory: functionMemory
    minReplicas: functionMinReplicas
    maxReplicas: functionMaxReplicas
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.primaryEndpoints.blob
    storageQueueEndpoint: storage.outputs.primaryEndpoints.queue
    applicationInsightsConnectionString: appInsights.outputs.connectionString
    model: model
    chunkSeconds: chunkSeconds
    maxPixels: maxPixels
    webhookUrl: webhookUrl
    webhookAllowPrivateNetworks: webhookAllowPrivateNetworks
    // Empty when no secret was given: the module then leaves the setting out.
    webhookSecretUri: webhookSecretEntry.?outputs.uri ?? ''
    apiKeySecretUri: apiKeyEntry.?outputs.uri ?? ''
  }
  // The identity's roles must exist before the host first touches storage, the vault or the registry.
  dependsOn: [
    storageLayout
    appStorageRoles
    appKeyVaultRoles
    appRegistryRoles
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.primaryEndpoints.blob
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.primaryEndpoints.queue
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_URL string = functionApp.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.endpoint
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output NST_WORKLOAD_PROFILE_NAME string = effectiveWorkloadProfile
