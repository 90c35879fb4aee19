metadata description = 'A Container Apps environment with workload profiles: the Consumption profile always, plus an optional serverless GPU profile.'

param name string
param location string = resourceGroup().location
param tags object = {}
param logAnalyticsWorkspaceName string

@description('Extra workload profiles beyond Consumption, e.g. [{ name: \'gpu\', workloadProfileType: \'Consumption-GPU-NC8as-T4\' }].')
param extraWorkloadProfiles array = []

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: concat([
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ], extraWorkloadProfiles)
    zoneRedundant: false
  }
}

output id string = environment.id
output name string = environment.name
output defaultDomain string = environment.properties.defaultDomain
