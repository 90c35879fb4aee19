metadata description = 'One secret in an existing Key Vault; returns its version-less URI for Key Vault references.'

param keyVaultName string
param name string

@secure()
param value string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: name
  properties: {
    value: value
    contentType: 'text/plain'
  }
}

output name string = secret.name
// Version-less, so a rotated secret is picked up without redeploying the app.
output uri string = secret.properties.secretUri
