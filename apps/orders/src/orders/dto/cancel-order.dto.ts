import { IsResourceId } from '@omni/contracts';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsString, Length } from 'class-validator';

export class CancelOrderDto {
  /** The lines to cancel; the whole order when absent. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsResourceId({ each: true })
  lineIds?: string[];
  @IsString() @Length(1, 500) reason: string;
}

export class OrderIdParams {
  @IsResourceId() id: string;
}
