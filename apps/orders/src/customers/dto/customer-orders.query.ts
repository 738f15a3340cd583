import { IsResourceId } from '@omni/contracts';

export class CustomerIdParams {
  @IsResourceId() id: string;
}
