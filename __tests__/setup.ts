// Adds cdktf's matchers (toHaveResourceWithProperties, toBeValidTerraform...) to expect.
import { setupJest } from 'cdktf/lib/testing/adapters/jest';

setupJest();
